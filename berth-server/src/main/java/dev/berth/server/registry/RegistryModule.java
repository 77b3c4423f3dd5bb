package dev.berth.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.ManifestParser;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.RegistryAuthentication;
import dev.berth.server.access.RepositoryCreationHook;
import dev.berth.server.coordination.Coordination;
import dev.berth.server.db.Database;
import dev.berth.server.http.RouteGroup;
import dev.berth.server.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The registry feature's public door: builds the OCI Distribution API over a database and a blob store. */
public final class RegistryModule {
  /**
   * Tunables of the registry.
   *
   * @param linkGrace how long a pushed blob stays linked to its repository without a manifest referencing it
   * @param pageLimit the most entries a tag, catalog or referrers page returns
   * @param cacheEntries how many manifest and blob lookups the node caches
   */
  public record Settings(Duration linkGrace, int pageLimit, int cacheEntries) {
    public Settings {
      if (linkGrace.isNegative() || pageLimit < 1 || cacheEntries < 1) {
        throw new IllegalArgumentException("invalid registry settings");
      }
    }
  }

  /**
   * Where the registry reports what metrics count.
   *
   * @param cacheHit run on every lookup answered from the cache
   * @param cacheMiss run on every lookup that went to the database
   * @param uploadsInProgress the number of upload bodies being received
   */
  public record Telemetry(Runnable cacheHit, Runnable cacheMiss, AtomicInteger uploadsInProgress) {
    /** Telemetry that goes nowhere. */
    public static Telemetry none() {
      return new Telemetry(() -> { }, () -> { }, new AtomicInteger());
    }
  }

  /** The coordinator channel registry events are published on, in CNCF Distribution's notification envelope. */
  public static final String EVENTS_CHANNEL = "registry-events";

  private final RouteGroup routes;

  private RegistryModule(RouteGroup routes) {
    this.routes = routes;
  }

  /** Wires the registry's stores, services and handlers. */
  public static RegistryModule create(Database db, BlobStore store, AccessPolicy access,
      RegistryAuthentication authentication, RepositoryCreationHook creationHook, Coordination coordination,
      Clock clock, ObjectMapper json, Settings settings, Telemetry telemetry) {
    RepositoryStore repositoryStore = new RepositoryStore();
    BlobIndex blobIndex = new BlobIndex();
    ManifestStore manifestStore = new ManifestStore();
    TagStore tagStore = new TagStore();
    UploadStore uploadStore = new UploadStore();
    Repositories repositories = new Repositories(db, repositoryStore, clock, creationHook);
    RepositoryCache cache = new RepositoryCache(coordination, clock, settings.cacheEntries(), telemetry);
    RegistryEvents events = new RegistryEvents(coordination, clock, json);
    Blobs blobs = new Blobs(db, repositories, blobIndex, store, clock, settings.linkGrace(), cache, events);
    Uploads uploads = new Uploads(db, repositories, uploadStore, blobIndex, store, new HashStates(clock), clock,
        settings.linkGrace(), telemetry.uploadsInProgress(), coordination);

    Manifests manifests = new Manifests(db, repositories, repositoryStore, manifestStore, tagStore, blobIndex,
        new ManifestParser(), cache, clock, json, events);
    RouteGroup routes = new RegistryRoutes(access, authentication,
        new BlobHandlers(blobs, manifests),
        new UploadHandlers(uploads, blobs, access),
        new ManifestHandlers(manifests, json, settings.pageLimit()),
        new ListHandlers(new Listings(db, repositories, repositoryStore, tagStore), access, json,
            settings.pageLimit()));
    return new RegistryModule(routes);
  }

  /** The {@code /v2/} routes. */
  public RouteGroup routes() {
    return routes;
  }
}
