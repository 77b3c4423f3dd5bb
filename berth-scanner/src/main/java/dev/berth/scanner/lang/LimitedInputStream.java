package dev.berth.scanner.lang;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Lets at most {@code max} bytes through and fails with the given exception when the source has more. It never
 * closes its source: finders read from streams they do not own.
 */
final class LimitedInputStream extends FilterInputStream {
  private final Supplier<? extends IOException> overflow;
  private long remaining;

  LimitedInputStream(InputStream in, long max, Supplier<? extends IOException> overflow) {
    super(in);
    if (max < 0) {
      throw new IllegalArgumentException("negative limit " + max);
    }
    this.remaining = max;
    this.overflow = overflow;
  }

  @Override
  public int read() throws IOException {
    if (remaining == 0) {
      return endOrOverflow();
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return endOrOverflow();
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(Math.max(n, 0), remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void mark(int readlimit) {
    // mark/reset would let a reader re-read past the limit unnoticed
  }

  @Override
  public void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  @Override
  public void close() {
    // the source belongs to the caller
  }

  // The limit is reached: the source either ends here (fine) or has more (the file is too large).
  private int endOrOverflow() throws IOException {
    if (in.read() < 0) {
      return -1;
    }
    throw overflow.get();
  }
}
