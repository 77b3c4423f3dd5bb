package dev.berth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.DatabaseAccessPolicy;
import dev.berth.server.access.RegistryAuthentication;
import dev.berth.server.access.RepositoryCreationHook;
import dev.berth.server.auth.AuthModule;
import dev.berth.server.auth.SigningKey;
import dev.berth.server.http.RouteGroup;
import dev.berth.server.identity.IdentityModule;
import dev.berth.server.access.OpenAccessPolicy;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseUri;
import dev.berth.server.config.StorageConfig;
import dev.berth.server.db.Database;
import dev.berth.server.http.HttpServer;
import dev.berth.server.registry.RegistryModule;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.fs.FileSystemBlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.berth.server.tls.PemKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every long-lived object is created here, in dependency order, and closed in reverse.
 * Nothing else in the program constructs services.
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final Database db;
  private final HttpServer http;

  private Application(Database db, HttpServer http) {
    this.db = db;
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
    Database db = Database.open(dbUri, config.dbPoolSize(), config.dbConnectionTimeout());
    try {
      BlobStore blobs = blobStore(config.storage());
      IdentityModule identity = IdentityModule.create(db, clock, config.auth().superUsers());
      AccessPolicy access;
      RepositoryCreationHook creationHook;
      RegistryAuthentication registryAuth;
      List<RouteGroup> routes = new ArrayList<>();
      if (config.auth().enabled()) {
        DatabaseAccessPolicy policy = new DatabaseAccessPolicy(db, config.auth().anonymousAccess());
        access = policy;
        creationHook = policy;
        AuthModule auth = AuthModule.create(identity, policy, SigningKey.loadOrCreate(config.auth().signingKeyFile()),
            clock, json, new AuthModule.Settings(config.serverHostname(), config.preferredUrlScheme(),
                config.auth().tokenLifetime(), config.auth().failureLimit(), config.auth().failureWindow()));
        registryAuth = auth.registryAuthentication();
        routes.add(auth.tokenRoutes());
        if (!identity.service().hasUsers()) {
          log.atWarn().log("no users exist yet: create a superuser with "
              + "'berth user create NAME --superuser --password-stdin' or run 'berth init'");
        }
      } else {
        access = new OpenAccessPolicy();
        creationHook = RepositoryCreationHook.none();
        registryAuth = RegistryAuthentication.none();
        log.atWarn().log("AUTHENTICATION_TYPE is None: anyone who can reach this registry may push and delete");
      }
      RegistryModule registry = RegistryModule.create(db, blobs, access, registryAuth, creationHook, clock, json,
          new RegistryModule.Settings(config.uploadLinkGrace(), config.catalogPageLimit(), 10_000));
      routes.add(registry.routes());
      Optional<HttpServer.Tls> tls = config.tls().isEmpty() ? Optional.empty() : Optional.of(new HttpServer.Tls(
          config.tls().get().port(), PemKeyStore.load(config.tls().get().certificate(), config.tls().get().key()),
          config.tls().get().httpMode()));
      HttpServer http = new HttpServer(config.httpHost(), config.httpPort(), config.idleTimeout(),
          config.accessLog(), routes, json, tls);
      http.start();
      log.atInfo().addKeyValue("port", http.port()).addKeyValue("httpsPort", http.httpsPort())
          .addKeyValue("database", dbUri.toString())
          .addKeyValue("storage", config.storage().toString()).log("berth started");
      return new Application(db, http);
    } catch (Exception | Error e) {
      db.close();
      throw e;
    }
  }

  private static BlobStore blobStore(StorageConfig storage) throws IOException {
    return switch (storage) {
      case StorageConfig.Local local -> new FileSystemBlobStore(local.root());
    };
  }

  /** The bound plain HTTP port; -1 when plain HTTP is off. */
  public int port() {
    return http.port();
  }

  /** The bound HTTPS port; -1 without TLS. */
  public int httpsPort() {
    return http.httpsPort();
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
      db.close();
    }
  }
}
