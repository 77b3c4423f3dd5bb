package dev.berth.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body over {@code blob[from..]} that stops at {@code pauseAt}: a read there waits until the test
 * releases it (then the body goes on to the end) or ends it (then the read fails), at most two minutes. It lets a
 * test look at a server while an upload is streaming, or kill the server in the middle of one.
 */
public final class PausingBody extends InputStream {
  private final byte[] blob;
  private final long pauseAt;
  private final CountDownLatch paused = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicLong position;
  private volatile boolean fail;

  public PausingBody(byte[] blob, long from, long pauseAt) {
    this.blob = blob;
    this.pauseAt = pauseAt;
    this.position = new AtomicLong(from);
  }

  /** Waits (at most a minute) until the body reached its pause point. */
  public void awaitPaused() throws InterruptedException {
    if (!paused.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the body never reached its pause point (at " + position.get() + ")");
    }
  }

  /** Lets the body go on to its end. */
  public void release() {
    released.countDown();
  }

  /** Makes the paused read fail, ending the request. */
  public void end() {
    fail = true;
    released.countDown();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    long pos = position.get();
    if (pos >= blob.length) {
      return -1;
    }
    if (pos == pauseAt && released.getCount() > 0) {
      paused.countDown();
      try {
        if (!released.await(2, TimeUnit.MINUTES)) {
          throw new InterruptedIOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
    if (fail) {
      throw new IOException("the test ended this body");
    }
    long limit = pos < pauseAt ? pauseAt : blob.length;
    int n = (int) Math.min(len, limit - pos);
    System.arraycopy(blob, (int) pos, b, off, n);
    position.addAndGet(n);
    return n;
  }
}
