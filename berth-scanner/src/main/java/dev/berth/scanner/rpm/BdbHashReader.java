package dev.berth.scanner.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.BitSet;

/**
 * Reads the BerkeleyDB hash database {@code Packages} of rpm up to 4.15, in pure Java and in either byte order.
 *
 * <p>Layout (BerkeleyDB 5.3 {@code dbinc/db_page.h}, as rpm's {@code lib/backend/bdb_ro.c} reads it): page 0 is
 * the hash meta page (magic {@code 0x061561} at byte 12 in the file's byte order; page size, last page, bucket
 * masks and the {@code spares} table that maps bucket {@code b} to page {@code b + spares[bits(b)]}). Each
 * bucket is a chain of hash pages (type 13, or 2 before hash version 9) linked by {@code next_pgno}; a page
 * holds key/data item pairs addressed by an offset array after its 26-byte header. An item is either inline
 * ({@code H_KEYDATA}) or a reference ({@code H_OFFPAGE}) to a chain of overflow pages (type 7) holding a big
 * value. Keys are header instance numbers (4 bytes, file byte order); values are header blobs; key 0 holds
 * rpm's next-instance counter and is skipped, as rpm skips it.
 *
 * <p>Every page is read at most once per walk: a page reached twice (a cyclic or shared chain) is an error, so
 * the work is bounded by the file's size.
 */
final class BdbHashReader implements HeaderBlobReader {
  private static final int META_SIZE = 512;
  private static final int PAGE_HEADER = 26;
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASHMETA = 8;
  private static final int P_HASH = 13;
  private static final int H_KEYDATA = 1;
  private static final int H_DUPLICATE = 2;
  private static final int H_OFFPAGE = 3;
  private static final int H_OFFDUP = 4;
  private static final int HOFFPAGE_SIZE = 12;

  private final SeekableByteChannel channel;
  private final ChannelReader in;
  private final RpmDbLimits limits;
  private final ByteOrder order;
  private final int pageSize;
  private final long lastPage;
  private final long maxBucket;
  private final long[] spares = new long[32];

  private BdbHashReader(SeekableByteChannel channel, RpmDbLimits limits) throws IOException {
    this.channel = channel;
    this.in = new ChannelReader(channel);
    this.limits = limits;
    ByteBuffer meta = in.read(0, META_SIZE, ByteOrder.LITTLE_ENDIAN, "BerkeleyDB meta page");
    int magic = meta.getInt(12);
    if (magic == RpmDbFormat.BDB_HASH_MAGIC) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (Integer.reverseBytes(magic) == RpmDbFormat.BDB_HASH_MAGIC) {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new RpmFormatException("not a BerkeleyDB hash database: magic " + Integer.toHexString(magic));
    }
    meta.order(order);
    long version = u32(meta, 16);
    if (version < 8 || version > 10) {
      throw new RpmFormatException("unsupported BerkeleyDB hash version " + version + " (8 to 10 are known)");
    }
    this.pageSize = meta.getInt(20);
    if (pageSize < META_SIZE || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
      throw new RpmFormatException("BerkeleyDB page size " + pageSize + " is not a power of two in 512..65536");
    }
    if (meta.get(24) != 0) {
      throw new RpmFormatException("encrypted BerkeleyDB databases are not supported");
    }
    if (meta.get(25) != P_HASHMETA) {
      throw new RpmFormatException("BerkeleyDB page 0 has type " + meta.get(25) + ", not hash meta (8)");
    }
    this.lastPage = u32(meta, 32);
    if ((lastPage + 1) * pageSize > in.size() || lastPage >= Integer.MAX_VALUE) {
      throw new RpmFormatException("truncated file: BerkeleyDB meta page names last page " + lastPage + " of "
          + pageSize + " bytes but the file has " + in.size() + " bytes");
    }
    this.maxBucket = u32(meta, 72);
    if (maxBucket > lastPage) {
      throw new RpmFormatException("BerkeleyDB max bucket " + maxBucket + " exceeds the last page " + lastPage);
    }
    for (int i = 0; i < spares.length; i++) {
      spares[i] = u32(meta, 96 + 4 * i);
    }
  }

  /**
   * Opens a database; the reader closes {@code channel} when it is closed.
   *
   * @throws RpmFormatException if the meta page is not a BerkeleyDB hash meta page the reader supports
   */
  static BdbHashReader open(SeekableByteChannel channel, RpmDbLimits limits) throws IOException {
    try {
      return new BdbHashReader(channel, limits);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public RpmDbFormat format() {
    return RpmDbFormat.BERKELEY_DB;
  }

  ByteOrder byteOrder() {
    return order;
  }

  @Override
  public void forEach(BlobVisitor visitor) throws IOException {
    Walk walk = new Walk(visitor);
    for (long bucket = 0; bucket <= maxBucket; bucket++) {
      long pageNo = bucket + spares[64 - Long.numberOfLeadingZeros(bucket)];
      String what = "bucket " + bucket;
      while (pageNo != 0) {
        ByteBuffer page = walk.page(pageNo, what);
        int type = page.get(25);
        if (type != P_HASH && type != P_HASH_UNSORTED) {
          throw new RpmFormatException("page " + pageNo + " of " + what + " has type " + type + ", not hash");
        }
        walk.items(pageNo, page);
        pageNo = u32(page, 16);
        what = "the chain of bucket " + bucket;
      }
    }
  }

  /** The state of one walk: pages seen so far, headers counted. */
  private final class Walk {
    private final BlobVisitor visitor;
    private final BitSet visited = new BitSet((int) lastPage + 1);
    private long headers;

    Walk(BlobVisitor visitor) {
      this.visitor = visitor;
    }

    ByteBuffer page(long pageNo, String what) throws IOException {
      if (pageNo < 1 || pageNo > lastPage) {
        throw new RpmFormatException(what + " refers to page " + pageNo + ", outside 1.." + lastPage);
      }
      if (visited.get((int) pageNo)) {
        throw new RpmFormatException(
            what + " reaches page " + pageNo + " a second time (a cyclic or shared chain)");
      }
      visited.set((int) pageNo);
      ByteBuffer page = in.read(pageNo * pageSize, pageSize, order, "page " + pageNo);
      if (u32(page, 8) != pageNo) {
        throw new RpmFormatException("page " + pageNo + " records page number " + u32(page, 8));
      }
      return page;
    }

    void items(long pageNo, ByteBuffer page) throws IOException {
      int count = Short.toUnsignedInt(page.getShort(20));
      if (count > (pageSize - PAGE_HEADER) / 2 || count % 2 != 0) {
        throw new RpmFormatException("hash page " + pageNo + " claims " + count + " items");
      }
      for (int i = 0; i < count; i += 2) {
        int keyAt = itemOffset(page, pageNo, i, count);
        int keyLength = itemEnd(page, i) - keyAt;
        int valueAt = itemOffset(page, pageNo, i + 1, count);
        int valueLength = keyAt - valueAt;
        if (valueLength < 1) {
          throw new RpmFormatException("hash page " + pageNo + " item " + (i + 1) + " is empty");
        }
        if (page.get(keyAt) != H_KEYDATA || keyLength != 5) {
          continue; // not a 4-byte header number: rpm ignores such records
        }
        long instance = u32(page, keyAt + 1);
        if (instance == 0) {
          continue; // rpm's next-instance counter, not a header
        }
        limits.checkHeaderCount(++headers);
        visitor.visit((int) instance, value(page, pageNo, valueAt, valueLength));
      }
    }

    private int itemOffset(ByteBuffer page, long pageNo, int index, int count) throws RpmFormatException {
      int offset = Short.toUnsignedInt(page.getShort(PAGE_HEADER + 2 * index));
      if (offset < PAGE_HEADER + 2 * count || offset >= itemEnd(page, index)) {
        throw new RpmFormatException("hash page " + pageNo + " item " + index + " has offset " + offset
            + " outside its page area");
      }
      return offset;
    }

    private int itemEnd(ByteBuffer page, int index) {
      return index == 0 ? pageSize : Short.toUnsignedInt(page.getShort(PAGE_HEADER + 2 * (index - 1)));
    }

    private byte[] value(ByteBuffer page, long pageNo, int at, int length) throws IOException {
      int type = page.get(at);
      String where = "hash page " + pageNo + " item at " + at;
      switch (type) {
        case H_KEYDATA -> {
          limits.checkHeaderBytes(length - 1L, where);
          byte[] out = new byte[length - 1];
          page.get(at + 1, out);
          return out;
        }
        case H_OFFPAGE -> {
          if (length != HOFFPAGE_SIZE) {
            throw new RpmFormatException(where + " is an off-page reference of " + length + " bytes, not 12");
          }
          return overflow(u32(page, at + 4), u32(page, at + 8), where);
        }
        case H_DUPLICATE, H_OFFDUP ->
            throw new RpmFormatException(
                where + " holds duplicate data, which an rpm Packages database never has");
        default -> throw new RpmFormatException(where + " has unknown item type " + type);
      }
    }

    private byte[] overflow(long firstPage, long length, String where) throws IOException {
      limits.checkHeaderBytes(length, where);
      if (length == 0 || length > lastPage * (pageSize - PAGE_HEADER)) {
        throw new RpmFormatException(where + " declares an overflow value of " + length
            + " bytes, which the file's pages cannot hold");
      }
      byte[] out = new byte[(int) length];
      int filled = 0;
      long pageNo = firstPage;
      while (filled < length) {
        if (pageNo == 0) {
          throw new RpmFormatException(
              where + ": overflow chain ends after " + filled + " of " + length + " bytes");
        }
        ByteBuffer page = page(pageNo, "overflow chain of " + where);
        if (page.get(25) != P_OVERFLOW) {
          throw new RpmFormatException("page " + pageNo + " in an overflow chain has type " + page.get(25));
        }
        int onPage = Short.toUnsignedInt(page.getShort(22));
        if (onPage == 0 || PAGE_HEADER + onPage > pageSize || onPage > length - filled) {
          throw new RpmFormatException("overflow page " + pageNo + " claims " + onPage + " bytes");
        }
        page.get(PAGE_HEADER, out, filled, onPage);
        filled += onPage;
        pageNo = u32(page, 16);
      }
      return out;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static long u32(ByteBuffer b, int at) {
    return Integer.toUnsignedLong(b.getInt(at));
  }
}
