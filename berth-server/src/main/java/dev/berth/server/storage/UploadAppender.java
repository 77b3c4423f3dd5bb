package dev.berth.server.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends bytes to an upload at the offset it was opened at. Bytes become part of the upload only when
 * {@link #sync()} returns: a crash before that may leave them or not, and the next
 * {@link BlobStore#appendUpload} discards whatever lies beyond the offset it is given.
 */
public interface UploadAppender extends AutoCloseable {

  /**
   * Writes all remaining bytes of {@code buffer}.
   *
   * @throws IOException if the storage fails
   */
  void write(ByteBuffer buffer) throws IOException;

  /**
   * Makes everything written so far durable.
   *
   * @return the upload's size after the written bytes
   * @throws IOException if the storage fails
   */
  long sync() throws IOException;

  /** Releases the appender; bytes not synced may be lost. */
  @Override
  void close() throws IOException;
}
