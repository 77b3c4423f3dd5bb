package dev.berth.server.storage.s3;

import dev.berth.server.storage.BlobContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import software.amazon.awssdk.core.ResponseInputStream;

/** A blob read from one GET. Closing it before the end aborts the connection rather than draining the body. */
final class ObjectContent implements BlobContent {
  private static final int CHUNK = 64 * 1024;

  private final ResponseInputStream<?> in;
  private final byte[] scratch = new byte[CHUNK];
  private boolean ended;

  ObjectContent(ResponseInputStream<?> in) {
    this.in = in;
  }

  /** Content with no bytes, for a read that starts at the blob's end. */
  static BlobContent empty() {
    return new BlobContent() {
      @Override
      public int read(ByteBuffer buffer) {
        return -1;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public int read(ByteBuffer buffer) throws IOException {
    if (ended) {
      return -1;
    }
    if (!buffer.hasRemaining()) {
      return 0;
    }
    int n;
    if (buffer.hasArray()) {
      n = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      if (n > 0) {
        buffer.position(buffer.position() + n);
      }
    } else {
      n = in.read(scratch, 0, Math.min(scratch.length, buffer.remaining()));
      if (n > 0) {
        buffer.put(scratch, 0, n);
      }
    }
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    abortUnlessEnded(in, ended);
  }

  static void abortUnlessEnded(ResponseInputStream<?> in, boolean ended) throws IOException {
    if (!ended) {
      in.abort();
    }
    in.close();
  }
}
