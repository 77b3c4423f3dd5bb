package dev.berth.scanner.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The PAX extended-header keys Berth uses ({@code path}, {@code linkpath}, {@code size}), read as a stream of
 * {@code "<length> <key>=<value>\n"} records (POSIX.1-2017, pax "Extended Header Format"). Values of other keys
 * (xattrs, times, …) are skipped without being kept, so a huge extended header costs no memory.
 *
 * @param path the {@code path} record, or null
 * @param linkPath the {@code linkpath} record, or null
 * @param size the {@code size} record, or -1
 */
record PaxHeaders(String path, String linkPath, long size) {
  static final PaxHeaders NONE = new PaxHeaders(null, null, -1);
  private static final int MAX_KEY = 256;

  /** Reads exactly {@code size} bytes of extended header from {@code in}. */
  static PaxHeaders read(InputStream in, long size, ScanLimits limits, byte[] scratch) throws IOException {
    String path = null;
    String linkPath = null;
    long entrySize = -1;
    long left = size;
    while (left > 0) {
      long[] consumed = {0};
      long recordLength = readLength(in, consumed, left);
      String key = readKey(in, consumed);
      long valueLength = recordLength - consumed[0] - 1;
      if (valueLength < 0 || recordLength > left) {
        throw new IOException("malformed pax header record");
      }
      switch (key) {
        case "path" -> path = readValue(in, valueLength, limits, "path");
        case "linkpath" -> linkPath = readValue(in, valueLength, limits, "linkpath");
        case "size" -> entrySize = parseSize(readValue(in, valueLength, limits, "size"));
        default -> skip(in, valueLength, scratch);
      }
      if (in.read() != '\n') {
        throw new IOException("malformed pax header record: no newline after " + key);
      }
      left -= recordLength;
    }
    return new PaxHeaders(path, linkPath, entrySize);
  }

  private static long readLength(InputStream in, long[] consumed, long left) throws IOException {
    long v = 0;
    for (int digits = 0; ; digits++) {
      int b = in.read();
      consumed[0]++;
      if (b == ' ' && digits > 0) {
        return v;
      }
      if (b < '0' || b > '9' || digits >= 19) {
        throw new IOException("malformed pax header record length");
      }
      v = v * 10 + (b - '0');
      if (v > left) {
        throw new IOException("pax header record longer than its header");
      }
    }
  }

  private static String readKey(InputStream in, long[] consumed) throws IOException {
    StringBuilder key = new StringBuilder();
    while (true) {
      int b = in.read();
      consumed[0]++;
      if (b < 0) {
        throw new EOFException("pax header truncated");
      }
      if (b == '=') {
        return key.toString();
      }
      if (key.length() >= MAX_KEY) {
        throw new IOException("malformed pax header: key longer than " + MAX_KEY);
      }
      key.append((char) b);
    }
  }

  private static String readValue(InputStream in, long length, ScanLimits limits, String key)
      throws IOException {
    // a UTF-8 character is at most 4 bytes: anything longer cannot fit maxPathLength characters
    if (length > 4L * limits.maxPathLength()) {
      throw new LimitExceededException("maxPathLength", limits.maxPathLength(),
          "pax " + key + " of " + length + " bytes");
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length < length) {
      throw new EOFException("pax header truncated");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static long parseSize(String value) throws IOException {
    try {
      long v = Long.parseLong(value);
      if (v < 0) {
        throw new IOException("negative pax size");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IOException("malformed pax size '" + value + "'", e);
    }
  }

  private static void skip(InputStream in, long n, byte[] scratch) throws IOException {
    while (n > 0) {
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
      if (r < 0) {
        throw new EOFException("pax header truncated");
      }
      n -= r;
    }
  }
}
