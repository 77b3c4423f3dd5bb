package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.Principal;
import dev.berth.server.db.Database;
import dev.berth.server.registry.Rows.BlobRow;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.storage.BlobContent;
import dev.berth.server.storage.BlobStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Blobs as a repository sees them: visible once pushed or mounted there. */
final class Blobs {
  private static final int DISCOVERY_CANDIDATES = 50;

  private final Database db;
  private final Repositories repositories;
  private final BlobIndex index;
  private final BlobStore store;
  private final Clock clock;
  private final Duration linkGrace;
  private final RepositoryCache cache;
  private final RegistryEvents events;

  Blobs(Database db, Repositories repositories, BlobIndex index, BlobStore store, Clock clock, Duration linkGrace,
      RepositoryCache cache, RegistryEvents events) {
    this.db = db;
    this.repositories = repositories;
    this.index = index;
    this.store = store;
    this.clock = clock;
    this.linkGrace = linkGrace;
    this.cache = cache;
    this.events = events;
  }

  /** The blob if it is visible in the repository: the hot path of every blob HEAD and GET. */
  Optional<BlobRow> find(RepositoryName name, Digest digest) {
    return cache.get(name.value(), "blob:" + digest.value(), () -> load(name, digest));
  }

  private Optional<BlobRow> load(RepositoryName name, Digest digest) {
    return db.read(h -> h.createQuery("""
            SELECT b.id, b.digest, b.size
            FROM repository r
            JOIN repository_blob rb ON rb.repository_id = r.id
            JOIN stored_blob b ON b.id = rb.blob_id
            WHERE r.name = :name AND b.digest = :digest
            """)
        .bind("name", name.value())
        .bind("digest", digest.value())
        .map((rs, ctx) -> new BlobRow(rs.getLong("id"), digest, rs.getLong("size")))
        .findOne());
  }

  BlobContent open(Digest digest, long offset) throws IOException {
    return store.open(digest, offset);
  }

  Optional<URI> redirect(Digest digest) {
    return store.redirectUrl(digest, Duration.ofMinutes(10));
  }

  /** Removes the blob from the repository; its bytes stay until garbage collection. */
  boolean unlink(RepositoryName name, Digest digest, Principal actor) {
    Optional<RepositoryRow> repo = repositories.find(name);
    if (repo.isEmpty()) {
      return false;
    }
    boolean unlinked = db.write(h -> index.findLinked(h, repo.get().id(), digest)
        .map(b -> index.unlink(h, repo.get().id(), b.id()))
        .orElse(false));
    cache.invalidate(name.value());
    if (unlinked) {
      events.deleted(name, Optional.of(digest), Optional.empty(), actor);
    }
    return unlinked;
  }

  /**
   * Links a blob held by another repository into {@code target}: from {@code from} when given, else from any
   * repository that holds it (automatic content discovery), considering only repositories {@code mayPull}
   * allows, so a mount never reveals a blob the caller cannot read.
   *
   * @return the mounted blob, or empty when no readable repository holds it
   */
  Optional<BlobRow> mount(RepositoryName target, Digest digest, Optional<RepositoryName> from,
      Predicate<RepositoryName> mayPull, Principal pusher) {
    Set<String> candidates = new LinkedHashSet<>();
    from.ifPresent(f -> candidates.add(f.value()));
    candidates.addAll(db.read(h -> index.repositoriesHolding(h, digest, DISCOVERY_CANDIDATES)));
    List<RepositoryName> readable = new ArrayList<>();
    for (String c : candidates) {
      RepositoryName name = RepositoryName.parse(c);
      if (mayPull.test(name)) {
        readable.add(name);
      }
    }
    for (RepositoryName source : readable) {
      Optional<BlobRow> blob = find(source, digest);
      if (blob.isPresent()) {
        RepositoryRow repo = repositories.ensure(target, pusher);
        long now = clock.millis();
        db.write(h -> {
          index.link(h, repo.id(), blob.get().id(), now, now + linkGrace.toMillis());
          return null;
        });
        return blob;
      }
    }
    return Optional.empty();
  }
}
