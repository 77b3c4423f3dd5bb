package dev.berth.scanner.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import java.util.zip.Adler32;

/**
 * Reads rpm's "ndb" package database {@code Packages.db} (rpm {@code lib/backend/ndb/rpmpkg.c}), in pure Java.
 *
 * <p>Layout, all little-endian: a 32-byte file header ({@code RpmP} magic, version 0, generation, number of
 * 4 KiB slot pages, next package index) at the start of the first of {@code slotnpages} slot pages. Every
 * 16-byte slot after the header is {@code Slot} magic, package index, block offset and block count (blocks are
 * 16 bytes); a block offset of 0 marks a free slot. Each used slot points at a blob: a 16-byte head
 * ({@code BlbS}, package index, timestamp, blob length), the header blob, zero padding to a block boundary, and
 * a 12-byte tail (Adler-32 of head, blob and padding; blob length; {@code BlbE}).
 *
 * <p>Like rpm, the reader checks every slot's bounds and every blob's head, tail and checksum. It also checks
 * that blobs do not overlap, so each byte of the file is read at most once.
 */
final class NdbReader implements HeaderBlobReader {
  private static final int HEADER_SIZE = 32;
  private static final int SLOT_SIZE = 16;
  private static final int BLOCK = 16;
  private static final int PAGE = 4096;
  private static final int BLOB_HEAD = 16;
  private static final int BLOB_TAIL = 12;
  private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
  private static final int BLOB_HEAD_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
  private static final int BLOB_TAIL_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24;

  private final SeekableByteChannel channel;
  private final ChannelReader in;
  private final RpmDbLimits limits;
  private final long slotPages;
  private final long fileBlocks;

  private NdbReader(SeekableByteChannel channel, RpmDbLimits limits) throws IOException {
    this.channel = channel;
    this.in = new ChannelReader(channel);
    this.limits = limits;
    ByteBuffer header = in.read(0, HEADER_SIZE, ByteOrder.LITTLE_ENDIAN, "ndb file header");
    if (header.getInt(0) != RpmDbFormat.NDB_MAGIC) {
      throw new RpmFormatException(
          "not an ndb package database: magic " + Integer.toHexString(header.getInt(0)));
    }
    if (header.getInt(4) != 0) {
      throw new RpmFormatException("unsupported ndb version " + Integer.toUnsignedString(header.getInt(4)));
    }
    this.slotPages = u32(header, 12);
    if (in.size() % BLOCK != 0) {
      throw new RpmFormatException("truncated file: ndb size " + in.size() + " is not a multiple of 16");
    }
    if (slotPages == 0 || slotPages * PAGE > in.size()) {
      throw new RpmFormatException("truncated file: ndb header names " + slotPages
          + " slot pages but the file has " + in.size() + " bytes");
    }
    this.fileBlocks = in.size() / BLOCK;
  }

  /**
   * Opens a database; the reader closes {@code channel} when it is closed.
   *
   * @throws RpmFormatException if the file header is not an ndb header the reader supports
   */
  static NdbReader open(SeekableByteChannel channel, RpmDbLimits limits) throws IOException {
    try {
      return new NdbReader(channel, limits);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public RpmDbFormat format() {
    return RpmDbFormat.NDB;
  }

  @Override
  public void forEach(BlobVisitor visitor) throws IOException {
    Slots slots = readSlots();
    Integer[] byOffset = IntStream.range(0, slots.count).boxed().toArray(Integer[]::new);
    Arrays.sort(byOffset, Comparator.comparingLong(i -> slots.blockOffset[i]));
    long previousEnd = slotPages * (PAGE / BLOCK);
    for (int i : byOffset) {
      if (slots.blockOffset[i] < previousEnd) {
        throw new RpmFormatException("ndb blob of package " + slots.packageIndex[i] + " at block "
            + slots.blockOffset[i] + " overlaps the blob before it");
      }
      previousEnd = slots.blockOffset[i] + slots.blockCount[i];
    }
    for (int i : byOffset) {
      int packageIndex = (int) slots.packageIndex[i];
      visitor.visit(packageIndex, readBlob(slots.packageIndex[i], slots.blockOffset[i], slots.blockCount[i]));
    }
  }

  /** The used slots, as parallel arrays. */
  private static final class Slots {
    long[] packageIndex = new long[64];
    long[] blockOffset = new long[64];
    long[] blockCount = new long[64];
    int count;

    void add(long index, long offset, long blocks) {
      if (count == packageIndex.length) {
        packageIndex = Arrays.copyOf(packageIndex, count * 2);
        blockOffset = Arrays.copyOf(blockOffset, count * 2);
        blockCount = Arrays.copyOf(blockCount, count * 2);
      }
      packageIndex[count] = index;
      blockOffset[count] = offset;
      blockCount[count] = blocks;
      count++;
    }
  }

  private Slots readSlots() throws IOException {
    Slots slots = new Slots();
    long firstDataBlock = slotPages * (PAGE / BLOCK);
    for (long page = 0; page < slotPages; page++) {
      ByteBuffer buffer = in.read(page * PAGE, PAGE, ByteOrder.LITTLE_ENDIAN, "ndb slot page " + page);
      for (int at = page == 0 ? HEADER_SIZE : 0; at < PAGE; at += SLOT_SIZE) {
        String where = "ndb slot " + ((page * PAGE + at) / SLOT_SIZE);
        if (buffer.getInt(at) != SLOT_MAGIC) {
          throw new RpmFormatException(where + " lacks the slot magic");
        }
        long offset = u32(buffer, at + 8);
        if (offset == 0) {
          continue;
        }
        long index = u32(buffer, at + 4);
        long blocks = u32(buffer, at + 12);
        if (index == 0 || blocks == 0 || offset < firstDataBlock) {
          throw new RpmFormatException(where + " is malformed: package " + index + ", block offset " + offset
              + ", block count " + blocks);
        }
        if (offset + blocks > fileBlocks) {
          throw new RpmFormatException("truncated file: " + where + " points at blocks " + offset + ".."
              + (offset + blocks) + " but the file has " + fileBlocks);
        }
        limits.checkHeaderCount(slots.count + 1L);
        slots.add(index, offset, blocks);
      }
    }
    return slots;
  }

  private byte[] readBlob(long packageIndex, long blockOffset, long blockCount) throws IOException {
    String where = "ndb blob of package " + packageIndex;
    long start = blockOffset * BLOCK;
    ByteBuffer head = in.read(start, BLOB_HEAD, ByteOrder.LITTLE_ENDIAN, where);
    if (head.getInt(0) != BLOB_HEAD_MAGIC || u32(head, 4) != packageIndex) {
      throw new RpmFormatException(where + " has a bad head (magic or package index)");
    }
    long length = u32(head, 12);
    if (blockCount != (BLOB_HEAD + length + BLOB_TAIL + BLOCK - 1) / BLOCK) {
      throw new RpmFormatException(where + " declares " + length + " bytes, which do not fit its " + blockCount
          + " blocks");
    }
    limits.checkHeaderBytes(length, where);
    byte[] blob = new byte[(int) length];
    in.readFully(start + BLOB_HEAD, blob, 0, blob.length, where);
    int padding = (int) (blockCount * BLOCK - BLOB_HEAD - length - BLOB_TAIL);
    ByteBuffer rest = in.read(start + BLOB_HEAD + length, padding + BLOB_TAIL, ByteOrder.LITTLE_ENDIAN, where);
    Adler32 adler = new Adler32();
    adler.update(head.array());
    adler.update(blob);
    adler.update(rest.array(), 0, padding);
    if (u32(rest, padding) != adler.getValue()) {
      throw new RpmFormatException(where + " fails its Adler-32 checksum");
    }
    if (u32(rest, padding + 4) != length || rest.getInt(padding + 8) != BLOB_TAIL_MAGIC) {
      throw new RpmFormatException(where + " has a bad tail (length or magic)");
    }
    return blob;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }
}
