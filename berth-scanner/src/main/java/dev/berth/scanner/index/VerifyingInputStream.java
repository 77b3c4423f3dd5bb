package dev.berth.scanner.index;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes a blob while it is read and, at its end, fails unless the bytes have the expected digest and size: the
 * layer is checked in the same single pass that indexes it. A reader that stops early gets no verdict.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final BlobDigest expected;
  private final long expectedSize;
  private final MessageDigest hasher;
  private long count;
  private boolean verified;
  private IOException failure;

  VerifyingInputStream(InputStream in, BlobDigest expected, long expectedSize) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.hasher = expected.newHasher();
  }

  @Override
  public int read() throws IOException {
    rethrow();
    int b = super.read();
    if (b < 0) {
      verify();
    } else {
      hasher.update((byte) b);
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    rethrow();
    int n = super.read(b, off, len);
    if (n < 0) {
      verify();
    } else if (n > 0) {
      hasher.update(b, off, n);
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // every byte must be hashed: skipping reads
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * A failure is thrown again on every later call: a reader above us may swallow the first one (GZIPInputStream
   * ignores errors while probing for a next member) and must not then see a clean end of stream.
   */
  private void rethrow() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  private IOException fail(String message) {
    failure = new IOException(message);
    return failure;
  }

  private void counted(int n) throws IOException {
    count += n;
    if (expectedSize >= 0 && count > expectedSize) {
      throw fail("blob " + expected + " is longer than its declared " + expectedSize + " bytes");
    }
  }

  private void verify() throws IOException {
    if (verified) {
      rethrow();
      return;
    }
    verified = true;
    if (expectedSize >= 0 && count != expectedSize) {
      throw fail("blob " + expected + " has " + count + " bytes, its descriptor says " + expectedSize);
    }
    String actual = HexFormat.of().formatHex(hasher.digest());
    if (!actual.equals(expected.hex())) {
      throw fail("blob digest mismatch: expected " + expected + ", got " + expected.algorithm() + ":" + actual);
    }
  }

}
