package dev.berth.server.health;

import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.UploadAppender;
import dev.berth.server.storage.UploadId;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The store's own health check, then a small upload written, read back and removed: proof the blob store works
 * end to end (a round trip through uploads alone would miss a store whose blobs are gone).
 */
public final class StorageRoundTrip {
  private StorageRoundTrip() {}

  /** Whether a probe upload round-trips intact. */
  public static boolean check(BlobStore store) throws Exception {
    if (!store.isHealthy()) {
      return false;
    }
    UploadId id = UploadId.random();
    byte[] probe = ("berth health " + id).getBytes(StandardCharsets.UTF_8);
    try {
      try (UploadAppender appender = store.appendUpload(id, 0)) {
        appender.write(ByteBuffer.wrap(probe));
        appender.sync();
      }
      try (InputStream in = store.readUpload(id, probe.length)) {
        return Arrays.equals(in.readAllBytes(), probe);
      }
    } finally {
      store.deleteUpload(id);
    }
  }
}
