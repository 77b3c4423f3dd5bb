package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.server.registry.ManifestStore.NewManifest;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.testing.DatabaseContract;
import dev.berth.server.testing.Databases;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** What the registry store contracts share: the stores, a ticking time and rows they build on. */
abstract class RegistryContract extends DatabaseContract {
  final RepositoryStore repositories = new RepositoryStore();
  final ManifestStore manifests = new ManifestStore();
  final TagStore tags = new TagStore();
  final BlobIndex blobs = new BlobIndex();
  final UploadStore uploads = new UploadStore();
  /** Milliseconds that advance by one on every read, so no two events share a time. */
  private final AtomicLong time = new AtomicLong(1_700_000_000_000L);

  RegistryContract(Databases.Kind kind) {
    super(kind);
  }

  long now() {
    return time.incrementAndGet();
  }

  /** A name no other test uses. */
  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  RepositoryRow newRepository() {
    RepositoryName name = RepositoryName.parse(unique("ns") + "/" + unique("repo"));
    return db.write(h -> repositories.create(h, name, now()));
  }

  /** A manifest in the repository with made-up bytes (the stores never parse them). */
  long newManifest(long repositoryId) {
    return newManifest(repositoryId, ("{\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  long newManifest(long repositoryId, byte[] content) {
    NewManifest m = new NewManifest(repositoryId, Digest.sha256(content),
        "application/vnd.oci.image.manifest.v1+json", null, null, null, content);
    return db.write(h -> manifests.upsert(h, m, now())).getKey();
  }
}
