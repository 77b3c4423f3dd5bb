package dev.berth.scanner.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Test helper that writes a BerkeleyDB 5.3 hash database (version 9, sorted hash pages) holding rpm's
 * {@code Packages} records, in either byte order, the way libdb lays one out: a meta page with the bucket masks,
 * {@code h_charkey} and the {@code spares} table; bucket pages allocated one doubling at a time; keys placed by
 * libdb's default hash ({@code __ham_func5}); items sorted by key on each page; chained hash pages when a bucket
 * overflows its page; values larger than a quarter page stored on overflow pages. Key 0 holds rpm's
 * next-instance counter. libdb itself reads the result (see {@code BdbLibdbTest}).
 */
final class BdbHashWriter {
  private static final int HEADER = 26;
  private static final byte[] CHARKEY = "%$sniglet^&\0".getBytes(StandardCharsets.US_ASCII);

  private final ByteOrder order;
  private final int pageSize;
  private final int maxBucket;
  private final int highMask;
  private final int lowMask;
  private final List<ByteBuffer> pages = new ArrayList<>();

  /**
   * @param buckets how many hash buckets the table has (max_bucket + 1), at least 1
   */
  BdbHashWriter(ByteOrder order, int pageSize, int buckets) {
    this.order = order;
    this.pageSize = pageSize;
    this.maxBucket = buckets - 1;
    this.highMask = Math.max(1, Integer.highestOneBit(maxBucket) * 2 - 1);
    this.lowMask = highMask >> 1;
  }

  /** libdb's default hash function, {@code __ham_func5}. */
  static int hash(byte[] key) {
    int h = 0;
    for (byte b : key) {
      h *= 16777619;
      h ^= b & 0xff;
    }
    return h;
  }

  /** Writes the database for {@code headers} (instance → blob) and returns its bytes. */
  byte[] write(Map<Integer, byte[]> headers) {
    List<List<byte[][]>> buckets = new ArrayList<>();
    for (int b = 0; b <= maxBucket; b++) {
      buckets.add(new ArrayList<>());
    }
    int next = headers.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    place(buckets, key(0), ByteBuffer.allocate(4).order(order).putInt(next).array());
    headers.forEach((instance, blob) -> place(buckets, key(instance), blob));

    pages.add(null); // the meta page, written last
    long[] spares = new long[32];
    for (int group = 0; group < 32 && firstBucket(group) <= maxBucket; group++) {
      int first = firstBucket(group);
      int size = group == 0 ? 1 : first;
      int firstPage = pages.size();
      spares[group] = firstPage - first;
      for (int i = 0; i < size; i++) {
        pages.add(ByteBuffer.allocate(pageSize).order(order));
      }
      for (int b = first; b < first + size && b <= maxBucket; b++) {
        fillBucket(firstPage + b - first, buckets.get(b));
      }
    }
    pages.set(0, meta(spares, headers.size() + 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer page : pages) {
      out.writeBytes(page.array());
    }
    return out.toByteArray();
  }

  private static int firstBucket(int group) {
    return group == 0 ? 0 : 1 << (group - 1);
  }

  private byte[] key(int instance) {
    return ByteBuffer.allocate(4).order(order).putInt(instance).array();
  }

  private void place(List<List<byte[][]>> buckets, byte[] key, byte[] value) {
    int bucket = hash(key) & highMask;
    if (bucket > maxBucket) {
      bucket &= lowMask;
    }
    buckets.get(bucket).add(new byte[][] {key, value});
  }

  private void fillBucket(int pageNo, List<byte[][]> items) {
    items.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    ByteBuffer page = initPage(pages.get(pageNo), pageNo, 13);
    int count = 0;
    int high = pageSize;
    for (byte[][] kv : items) {
      byte[] keyItem = item(kv[0]);
      byte[] valueItem = kv[1].length + 1 > pageSize / 4 ? offPage(kv[1]) : item(kv[1]);
      int need = 4 + keyItem.length + valueItem.length;
      if (high - (HEADER + 2 * count) < need) {
        int nextNo = pages.size();
        ByteBuffer nextPage = initPage(ByteBuffer.allocate(pageSize).order(order), nextNo, 13);
        pages.add(nextPage);
        page.putInt(16, nextNo);
        nextPage.putInt(12, pageNo);
        page = nextPage;
        pageNo = nextNo;
        count = 0;
        high = pageSize;
      }
      high -= keyItem.length;
      page.put(high, keyItem).putShort(HEADER + 2 * count++, (short) high);
      high -= valueItem.length;
      page.put(high, valueItem).putShort(HEADER + 2 * count++, (short) high);
      page.putShort(20, (short) count).putShort(22, (short) high);
    }
  }

  private static byte[] item(byte[] data) {
    byte[] item = new byte[data.length + 1];
    item[0] = 1; // H_KEYDATA
    System.arraycopy(data, 0, item, 1, data.length);
    return item;
  }

  /** Writes {@code data} to a new chain of overflow pages and returns the 12-byte H_OFFPAGE item. */
  private byte[] offPage(byte[] data) {
    int perPage = pageSize - HEADER;
    int first = pages.size();
    for (int at = 0, pageNo = first; at < data.length; at += perPage, pageNo++) {
      int n = Math.min(perPage, data.length - at);
      ByteBuffer page = initPage(ByteBuffer.allocate(pageSize).order(order), pageNo, 7);
      page.putInt(12, pageNo == first ? 0 : pageNo - 1);
      page.putInt(16, at + n < data.length ? pageNo + 1 : 0);
      page.putShort(20, (short) 1).putShort(22, (short) n).put(HEADER, data, at, n);
      pages.add(page);
    }
    return ByteBuffer.allocate(12).order(order).put(0, (byte) 3).putInt(4, first).putInt(8, data.length).array();
  }

  private static ByteBuffer initPage(ByteBuffer page, int pageNo, int type) {
    page.putInt(4, 1).putInt(8, pageNo).putShort(22, (short) page.capacity()).put(25, (byte) type);
    return page;
  }

  private ByteBuffer meta(long[] spares, int keys) {
    ByteBuffer meta = ByteBuffer.allocate(pageSize).order(order);
    meta.putInt(4, 1); // lsn (0, 1): not logged
    meta.putInt(12, RpmDbFormat.BDB_HASH_MAGIC).putInt(16, 9).putInt(20, pageSize);
    meta.put(25, (byte) 8).putInt(32, pages.size() - 1);
    for (int i = 0; i < 20; i++) {
      meta.put(52 + i, (byte) (0x5a ^ i ^ pages.size())); // file uid: any bytes unique enough for a test
    }
    meta.putInt(72, maxBucket).putInt(76, highMask).putInt(80, lowMask).putInt(88, keys);
    meta.putInt(92, hash(CHARKEY));
    for (int i = 0; i < spares.length; i++) {
      meta.putInt(96 + 4 * i, (int) spares[i]);
    }
    return meta;
  }
}
