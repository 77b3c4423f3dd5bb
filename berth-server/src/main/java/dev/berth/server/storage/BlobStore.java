package dev.berth.server.storage;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Content-addressed bytes and in-progress uploads, nothing more: which repository holds which blob is the
 * metadata database's business. Implementations are thread-safe. Layout and atomicity are each implementation's
 * contract; the shared promise is that a blob is readable under its digest only once all of its bytes are
 * durably stored, so a crash at any moment leaves no partial blob visible.
 */
public interface BlobStore {

  /**
   * The size of the blob stored under {@code digest}.
   *
   * @return its size, or empty if no such blob is stored
   * @throws IOException if the storage fails
   */
  Optional<Long> size(Digest digest) throws IOException;

  /**
   * Opens a stored blob for reading from {@code offset}.
   *
   * @throws java.nio.file.NoSuchFileException if no such blob is stored
   * @throws IOException if the storage fails
   */
  BlobContent open(Digest digest, long offset) throws IOException;

  /**
   * Opens an upload for appending at {@code offset}, creating it when {@code offset} is 0 and it does not exist.
   * Bytes stored beyond {@code offset} (left by a crash) are discarded.
   *
   * @throws java.nio.file.NoSuchFileException if the upload does not exist and {@code offset} is not 0
   * @throws IOException if the upload holds fewer than {@code offset} bytes, or the storage fails
   */
  UploadAppender appendUpload(UploadId id, long offset) throws IOException;

  /**
   * Reads {@code length} bytes of an upload from its start: used to rehash a prefix when this node lacks the
   * upload's hash state.
   *
   * @throws IOException if the upload holds fewer bytes, or the storage fails
   */
  InputStream readUpload(UploadId id, long length) throws IOException;

  /**
   * Makes the first {@code size} bytes of an upload the blob {@code digest}, atomically, and removes the
   * upload. The caller has verified that those bytes hash to {@code digest}. If the blob is already stored, the
   * upload is simply removed.
   *
   * @throws IOException if the upload holds fewer than {@code size} bytes, or the storage fails
   */
  void commitUpload(UploadId id, long size, Digest digest) throws IOException;

  /**
   * Removes an upload and its bytes. Idempotent: removing an unknown upload does nothing.
   *
   * @throws IOException if the storage fails
   */
  void deleteUpload(UploadId id) throws IOException;

  /**
   * Removes a stored blob. Idempotent. Callers delete only after no database row points at the blob.
   *
   * @throws IOException if the storage fails
   */
  void delete(Digest digest) throws IOException;

  /**
   * A URL a client may fetch the blob from directly (a presigned object-storage URL), valid for {@code ttl}.
   *
   * @return the URL, or empty when this store serves bytes only through the registry
   */
  Optional<URI> redirectUrl(Digest digest, Duration ttl);

  /** Whether the storage answers now, for health checks. */
  boolean isHealthy();
}
