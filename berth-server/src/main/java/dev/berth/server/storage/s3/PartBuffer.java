package dev.berth.server.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Bytes collected for one object part, at most {@link #capacity} of them. The array grows as bytes arrive, so a
 * one-byte chunk does not cost a whole part of memory.
 */
final class PartBuffer {
  private static final int INITIAL = 64 * 1024;

  private final int capacity;
  private byte[] data = new byte[0];
  private int size;

  PartBuffer(int capacity) {
    this.capacity = capacity;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  boolean isFull() {
    return size == capacity;
  }

  int room() {
    return capacity - size;
  }

  /** Takes as many bytes of {@code source} as fit. */
  void take(ByteBuffer source) {
    int n = Math.min(source.remaining(), room());
    ensure(size + n);
    source.get(data, size, n);
    size += n;
  }

  /** Reads exactly {@code n} bytes of {@code in}; {@code n} must fit. */
  void fill(InputStream in, int n) throws IOException {
    if (n > room()) {
      throw new IllegalArgumentException("part buffer overflow");
    }
    ensure(size + n);
    int read = in.readNBytes(data, size, n);
    if (read != n) {
      throw new EOFException("object ended " + (n - read) + " bytes early");
    }
    size += n;
  }

  /** The collected bytes as a request body that can be replayed on retry; valid until {@link #clear()}. */
  RequestBody body() {
    byte[] bytes = data;
    int length = size;
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
        "application/octet-stream");
  }

  void clear() {
    size = 0;
  }

  private void ensure(int needed) {
    if (needed <= data.length) {
      return;
    }
    int grown = Math.max(needed, Math.min(capacity, Math.max(INITIAL, data.length * 2)));
    byte[] bigger = new byte[grown];
    System.arraycopy(data, 0, bigger, 0, size);
    data = bigger;
  }
}
