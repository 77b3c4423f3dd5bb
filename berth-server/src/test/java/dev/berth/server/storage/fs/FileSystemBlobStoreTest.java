package dev.berth.server.storage.fs;

import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on the local filesystem. */
class FileSystemBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;
  private BlobStore store;

  @BeforeEach
  void open() throws Exception {
    store = new FileSystemBlobStore(dir);
  }

  @Override
  protected BlobStore store() {
    return store;
  }

  @Override
  protected boolean redirects() {
    return false;
  }
}
