package dev.berth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.OpenAccessPolicy;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseUri;
import dev.berth.server.config.StorageConfig;
import dev.berth.server.db.Database;
import dev.berth.server.http.HttpServer;
import dev.berth.server.registry.RegistryModule;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.fs.FileSystemBlobStore;
import dev.berth.server.storage.s3.S3BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every long-lived object is created here, in dependency order, and closed in reverse.
 * Nothing else in the program constructs services.
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final Database db;
  private final BlobStore blobs;
  private final HttpServer http;

  private Application(Database db, BlobStore blobs, HttpServer http) {
    this.db = db;
    this.blobs = blobs;
    this.http = http;
  }

  /**
   * Builds and starts Berth.
   *
   * @throws dev.berth.server.db.DatabaseUnavailableException when the database cannot be reached
   * @throws Exception when the server cannot listen
   */
  public static Application start(BerthConfig config) throws Exception {
    config.warnings().forEach(w -> log.atWarn().log(w));
    Clock clock = Clock.systemUTC();
    ObjectMapper json = new ObjectMapper();
    DatabaseUri dbUri = DatabaseUri.parse(config.dbUri());
    Database db = Database.open(dbUri, config.dbPoolSize());
    BlobStore blobs = null;
    try {
      blobs = blobStore(config.storage(), clock);
      AccessPolicy access = new OpenAccessPolicy();
      RegistryModule registry = RegistryModule.create(db, blobs, access, clock, json,
          new RegistryModule.Settings(config.uploadLinkGrace(), config.catalogPageLimit(), 10_000));
      HttpServer http = new HttpServer(config.httpHost(), config.httpPort(), config.idleTimeout(),
          config.accessLog(), List.of(registry.routes()), json);
      http.start();
      log.atInfo().addKeyValue("port", http.port()).addKeyValue("database", dbUri.toString())
          .addKeyValue("storage", config.storage().toString()).log("berth started");
      return new Application(db, blobs, http);
    } catch (Exception | Error e) {
      try {
        closeStorage(blobs);
      } finally {
        db.close();
      }
      throw e;
    }
  }

  private static BlobStore blobStore(StorageConfig storage, Clock clock) throws IOException {
    return switch (storage) {
      case StorageConfig.Local local -> new FileSystemBlobStore(local.root());
      case StorageConfig.S3 s3 -> S3BlobStore.create(s3, clock);
    };
  }

  private static void closeStorage(BlobStore blobs) throws Exception {
    if (blobs instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /** The bound HTTP port. */
  public int port() {
    return http.port();
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() throws Exception {
    try {
      http.close();
    } finally {
      try {
        closeStorage(blobs);
      } finally {
        db.close();
      }
    }
  }
}
