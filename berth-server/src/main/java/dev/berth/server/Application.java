package dev.berth.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.DatabaseAccessPolicy;
import dev.berth.server.access.OpenAccessPolicy;
import dev.berth.server.access.RegistryAuthentication;
import dev.berth.server.access.RepositoryCreationHook;
import dev.berth.server.auth.AuthModule;
import dev.berth.server.auth.SigningKey;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.DatabaseUri;
import dev.berth.server.config.StorageConfig;
import dev.berth.server.coordination.Coordination;
import dev.berth.server.coordination.InProcessCoordination;
import dev.berth.server.coordination.RedisCoordination;
import dev.berth.server.db.Database;
import dev.berth.server.health.HealthCheck;
import dev.berth.server.health.HealthRoutes;
import dev.berth.server.health.StorageRoundTrip;
import dev.berth.server.http.HttpServer;
import dev.berth.server.metrics.MetricsModule;
import dev.berth.server.http.RouteGroup;
import dev.berth.server.identity.IdentityModule;
import dev.berth.server.registry.RegistryModule;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.fs.FileSystemBlobStore;
import dev.berth.server.storage.s3.S3BlobStore;
import dev.berth.server.tls.PemKeyStore;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every long-lived object is created here, in dependency order, and closed in reverse.
 * Nothing else in the program constructs services.
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);

  private final HttpServer http;
  private final Deque<AutoCloseable> resources;

  private Application(HttpServer http, Deque<AutoCloseable> resources) {
    this.http = http;
    this.resources = resources;
  }

  /** How callers are authenticated and authorised, as configured. */
  private record Security(AccessPolicy access, RepositoryCreationHook creationHook,
      RegistryAuthentication registryAuthentication, List<RouteGroup> routes) {}

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
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      MetricsModule metrics = new MetricsModule();
      DatabaseUri dbUri = DatabaseUri.parse(config.dbUri());
      Database db = Database.open(dbUri, config.dbPoolSize(), config.dbConnectionTimeout(), metrics.registry());
      resources.push(db);
      BlobStore blobs = blobStore(config.storage(), clock);
      if (blobs instanceof AutoCloseable closeable) {
        resources.push(closeable);
      }
      Coordination coordination = coordination(config, clock);
      resources.push(coordination);
      IdentityModule identity = IdentityModule.create(db, clock, config.auth().superUsers());
      Security security = security(config, db, identity, coordination, clock, json);
      RegistryModule registry = RegistryModule.create(db, blobs, security.access(),
          security.registryAuthentication(), security.creationHook(), coordination, clock, json,
          new RegistryModule.Settings(config.uploadLinkGrace(), config.catalogPageLimit(), 10_000),
          new RegistryModule.Telemetry(metrics.cacheHit(), metrics.cacheMiss(), metrics.uploadsInProgress()));
      List<RouteGroup> routes = new ArrayList<>(security.routes());
      routes.add(registry.routes());
      routes.add(health(db, blobs, coordination, config, json));
      routes.add(metrics.routes());
      HttpServer http = new HttpServer(new HttpServer.Listening(config.httpHost(), config.httpPort(),
          config.idleTimeout(), config.accessLog(), config.trustedProxies(),
          config.serverHostname().filter(h -> config.preferredUrlScheme().equals("https"))), routes, json,
          tls(config), metrics.requestObserver());
      http.start();
      resources.push(http);
      log.atInfo().addKeyValue("port", http.port()).addKeyValue("httpsPort", http.httpsPort())
          .addKeyValue("database", dbUri.toString()).addKeyValue("storage", config.storage().toString())
          .addKeyValue("coordination", coordination.kind()).log("berth started");
      return new Application(http, resources);
    } catch (Exception | Error e) {
      closeAll(resources);
      throw e;
    }
  }

  private static Security security(BerthConfig config, Database db, IdentityModule identity,
      Coordination coordination, Clock clock, ObjectMapper json) throws IOException {
    if (!config.auth().enabled()) {
      log.atWarn().log("AUTHENTICATION_TYPE is None: anyone who can reach this registry may push and delete");
      return new Security(new OpenAccessPolicy(), RepositoryCreationHook.none(), RegistryAuthentication.none(),
          List.of());
    }
    DatabaseAccessPolicy policy = new DatabaseAccessPolicy(db, config.auth().anonymousAccess());
    AuthModule auth = AuthModule.create(identity, policy, SigningKey.loadOrCreate(config.auth().signingKeyFile()),
        coordination, clock, json, new AuthModule.Settings(config.serverHostname(), config.preferredUrlScheme(),
            config.auth().tokenLifetime(), config.auth().failureLimit(), config.auth().failureWindow()));
    if (!identity.service().hasUsers()) {
      log.atWarn().log("no users exist yet: create a superuser with "
          + "'berth user create NAME --superuser --password-stdin' or run 'berth init'");
    }
    return new Security(policy, policy, auth.registryAuthentication(), List.of(auth.tokenRoutes()));
  }

  private static RouteGroup health(Database db, BlobStore blobs, Coordination coordination, BerthConfig config,
      ObjectMapper json) {
    List<HealthCheck> instance = new ArrayList<>(List.of(
        new HealthCheck("database", true, db::isReachable),
        new HealthCheck("storage", true, blobs::isHealthy)));
    List<HealthCheck> endToEnd = new ArrayList<>(List.of(
        new HealthCheck("database", true, db::isReachable),
        new HealthCheck("storage", true, () -> StorageRoundTrip.check(blobs))));
    if (config.redis().isPresent()) {
      instance.add(new HealthCheck("redis", false, coordination::isHealthy));
      endToEnd.add(new HealthCheck("redis", false, coordination::isHealthy));
    }
    return new HealthRoutes(instance, endToEnd, json);
  }

  private static Coordination coordination(BerthConfig config, Clock clock) {
    if (config.redis().isEmpty()) {
      return new InProcessCoordination(clock);
    }
    BerthConfig.RedisConfig r = config.redis().get();
    RedisURI.Builder uri = RedisURI.builder().withHost(r.host()).withPort(r.port()).withSsl(r.ssl())
        .withDatabase(r.db());
    if (!r.password().isEmpty()) {
      uri.withPassword(r.password().toCharArray());
    }
    return new RedisCoordination(uri.build(), Duration.ofMillis(500));
  }

  private static BlobStore blobStore(StorageConfig storage, Clock clock) throws IOException {
    return switch (storage) {
      case StorageConfig.Local local -> new FileSystemBlobStore(local.root());
      case StorageConfig.S3 s3 -> S3BlobStore.create(s3, clock);
    };
  }

  private static Optional<HttpServer.Tls> tls(BerthConfig config) throws IOException {
    if (config.tls().isEmpty()) {
      return Optional.empty();
    }
    BerthConfig.TlsConfig t = config.tls().get();
    return Optional.of(new HttpServer.Tls(t.port(), PemKeyStore.load(t.certificate(), t.key()), t.httpMode()));
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
    closeAll(resources);
  }

  private static void closeAll(Deque<AutoCloseable> resources) throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
