package dev.berth.server.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pseudo-random content of any size that is never held in memory or on disk: each 64 KiB block is derived from
 * the seed and the block's index, so any suffix can be generated again (to resume an upload from an offset).
 */
final class GeneratedContent {
  private static final int BLOCK = 64 * 1024;

  private final long seed;
  private final long size;

  GeneratedContent(long seed, long size) {
    this.seed = seed;
    this.size = size;
  }

  long size() {
    return size;
  }

  /** The {@code sha256:} digest of the whole content, computed by generating it once. */
  String digest() throws IOException {
    MessageDigest md = RegistryHttp.sha256();
    try (InputStream in = stream(0)) {
      byte[] buffer = new byte[BLOCK];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  /** The bytes from {@code from} to the end. */
  ContentStream stream(long from) {
    return new ContentStream(from, Long.MAX_VALUE, new CountDownLatch(0));
  }

  /**
   * The bytes from {@code from} to the end, except that a read at offset {@code pauseAt} waits until
   * {@code resume} opens (at most two minutes, then it fails): a body that cannot finish before the test lets it.
   */
  ContentStream stream(long from, long pauseAt, CountDownLatch resume) {
    return new ContentStream(from, pauseAt, resume);
  }

  /** A stream over the content that counts what it delivered. */
  final class ContentStream extends InputStream {
    private final long pauseAt;
    private final CountDownLatch resume;
    private final AtomicLong position;
    private final byte[] block = new byte[BLOCK];
    private long blockIndex = -1;

    private ContentStream(long from, long pauseAt, CountDownLatch resume) {
      this.position = new AtomicLong(from);
      this.pauseAt = pauseAt;
      this.resume = resume;
    }

    /** The absolute offset of the next byte to deliver. */
    long position() {
      return position.get();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long pos = position.get();
      if (pos >= size) {
        return -1;
      }
      if (pos >= pauseAt) {
        awaitResume();
      }
      long index = pos / BLOCK;
      if (index != blockIndex) {
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index).nextBytes(block);
        blockIndex = index;
      }
      int inBlock = (int) (pos % BLOCK);
      long limit = pos < pauseAt ? Math.min(size, pauseAt) : size;
      int n = (int) Math.min(Math.min(len, BLOCK - inBlock), limit - pos);
      System.arraycopy(block, inBlock, b, off, n);
      position.addAndGet(n);
      return n;
    }

    private void awaitResume() throws IOException {
      try {
        if (!resume.await(2, TimeUnit.MINUTES)) {
          throw new IOException("generated content was never resumed past " + pauseAt);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while paused at " + pauseAt);
      }
    }
  }
}
