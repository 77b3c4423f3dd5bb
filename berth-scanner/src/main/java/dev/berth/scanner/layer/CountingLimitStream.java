package dev.berth.scanner.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the decompressed bytes of a layer and stops with {@code maxDecompressedBytes} once they pass the limit.
 * The breach is remembered, so the walker can rethrow it even when a finder caught the exception and carried
 * on (finders treat unreadable files as malformed, not as fatal).
 */
final class CountingLimitStream extends FilterInputStream {
  private final long limit;
  private long count;
  private LimitExceededException breach;

  CountingLimitStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  long count() {
    return count;
  }

  /** Throws the remembered breach, if any. */
  void rethrowBreach() throws LimitExceededException {
    if (breach != null) {
      throw breach;
    }
  }

  @Override
  public int read() throws IOException {
    rethrowBreach();
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    rethrowBreach();
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    rethrowBreach();
    long s = super.skip(n);
    if (s > 0) {
      add(s);
    }
    return s;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void add(long n) throws LimitExceededException {
    count += n;
    if (count > limit) {
      breach = new LimitExceededException("maxDecompressedBytes", limit, "after " + count + " bytes");
      throw breach;
    }
  }
}
