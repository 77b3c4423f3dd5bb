package dev.berth.scanner.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;

/**
 * Test helper that writes rpm's ndb {@code Packages.db} as rpm's {@code rpmpkg.c} does: a 32-byte header, slot
 * pages of 16-byte slots (all carrying the slot magic, free ones with block offset 0), then blobs from the first
 * block after the slot pages, each with head, data, zero padding to 16 bytes and an Adler-32 tail. To look
 * like a database that has lived, slots are filled in shuffled order, the first slot is left free, and a
 * zeroed gap (a removed package) separates the first blob from the rest.
 */
final class NdbWriter {
  private static final int PAGE = 4096;
  private static final int SLOT = 16;
  private static final int BLOCK = 16;

  private final long seed;

  NdbWriter(long seed) {
    this.seed = seed;
  }

  /** Writes the database for {@code headers} (package index → blob) and returns its bytes. */
  byte[] write(Map<Integer, byte[]> headers) {
    List<Integer> indexes = new ArrayList<>(headers.keySet());
    int slotsNeeded = 2 + 1 + indexes.size(); // header, one free slot, the packages
    int slotPages = Math.max(1, (slotsNeeded * SLOT + PAGE - 1) / PAGE);
    ByteBuffer slots = ByteBuffer.allocate(slotPages * PAGE).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at < slots.capacity(); at += SLOT) {
      slots.putInt(at, NdbMagic.SLOT);
    }
    List<Integer> slotOrder = new ArrayList<>();
    for (int i = 0; i < indexes.size(); i++) {
      slotOrder.add(3 + i); // slot 2 stays free
    }
    Collections.shuffle(slotOrder, new Random(seed));
    ByteArrayOutputStream blobs = new ByteArrayOutputStream();
    long block = (long) slotPages * (PAGE / BLOCK);
    for (int i = 0; i < indexes.size(); i++) {
      int index = indexes.get(i);
      byte[] blob = blob(index, headers.get(index));
      slots.putInt(slotOrder.get(i) * SLOT + 4, index)
          .putInt(slotOrder.get(i) * SLOT + 8, (int) block)
          .putInt(slotOrder.get(i) * SLOT + 12, blob.length / BLOCK);
      blobs.writeBytes(blob);
      block += blob.length / BLOCK;
      if (i == 0) {
        blobs.writeBytes(new byte[3 * BLOCK]); // a removed package's blocks, zeroed as rpm leaves them
        block += 3;
      }
    }
    int next = indexes.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    slots.putInt(0, RpmDbFormat.NDB_MAGIC).putInt(4, 0).putInt(8, 7 + indexes.size()).putInt(12, slotPages)
        .putInt(16, next).putInt(20, 0).putInt(24, 0).putInt(28, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(slots.array());
    out.writeBytes(blobs.toByteArray());
    return out.toByteArray();
  }

  /** One blob in blocks: head, data, padding, tail. */
  static byte[] blob(int index, byte[] data) {
    int blocks = (16 + data.length + 12 + BLOCK - 1) / BLOCK;
    ByteBuffer b = ByteBuffer.allocate(blocks * BLOCK).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(NdbMagic.BLOB_HEAD).putInt(index).putInt(1_700_000_000).putInt(data.length).put(data);
    Adler32 adler = new Adler32();
    adler.update(b.array(), 0, b.capacity() - 12);
    b.position(b.capacity() - 12);
    b.putInt((int) adler.getValue()).putInt(data.length).putInt(NdbMagic.BLOB_TAIL);
    return b.array();
  }

  /** The magic numbers of rpmpkg.c, little-endian. */
  static final class NdbMagic {
    static final int SLOT = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
    static final int BLOB_HEAD = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
    static final int BLOB_TAIL = 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24;

    private NdbMagic() {}
  }
}
