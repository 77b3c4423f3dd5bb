package dev.berth.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/** An open read of stored content, positioned at the offset it was opened at. Close it when done. */
public interface BlobContent extends AutoCloseable {

  /**
   * Reads the next bytes into {@code buffer}.
   *
   * @return how many bytes were read, or -1 at the end of the content
   * @throws IOException if the storage fails
   */
  int read(ByteBuffer buffer) throws IOException;

  @Override
  void close() throws IOException;
}
