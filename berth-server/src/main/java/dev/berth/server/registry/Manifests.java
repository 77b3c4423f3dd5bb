package dev.berth.server.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.server.access.Principal;
import dev.berth.server.db.Database;
import dev.berth.server.registry.ManifestStore.NewManifest;
import dev.berth.server.registry.Rows.BlobRow;
import dev.berth.server.registry.Rows.ManifestRow;
import dev.berth.server.registry.Rows.ReferrerRow;
import dev.berth.server.registry.Rows.RepositoryRow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Manifest push, pull and delete, and the referrers API. */
final class Manifests {
  /** What a push did. */
  record PushResult(Digest digest, Optional<Digest> subject, List<Tag> tags) {}

  private final Database db;
  private final Repositories repositories;
  private final RepositoryStore repositoryStore;
  private final ManifestStore manifests;
  private final TagStore tags;
  private final BlobIndex blobs;
  private final ManifestParser parser;
  private final RepositoryCache cache;
  private final Clock clock;
  private final ObjectMapper json;
  private final RegistryEvents events;

  Manifests(Database db, Repositories repositories, RepositoryStore repositoryStore, ManifestStore manifests,
      TagStore tags, BlobIndex blobs, ManifestParser parser, RepositoryCache cache, Clock clock, ObjectMapper json,
      RegistryEvents events) {
    this.db = db;
    this.repositories = repositories;
    this.repositoryStore = repositoryStore;
    this.manifests = manifests;
    this.tags = tags;
    this.blobs = blobs;
    this.parser = parser;
    this.cache = cache;
    this.clock = clock;
    this.json = json;
    this.events = events;
  }

  /** The manifest a tag or digest names in the repository; empty if none (or no such repository). */
  Optional<ManifestRow> get(RepositoryName name, Reference reference) {
    return cache.get(name.value(), "manifest:" + reference.value(), () -> db.read(h -> repositoryStore.find(h, name)
        .flatMap(repo -> switch (reference) {
          case Tag t -> manifests.findByTag(h, repo.id(), t.value());
          case Digest d -> manifests.findByDigest(h, repo.id(), d);
        })));
  }

  /**
   * Stores a manifest's exact bytes and moves {@code reference} (if a tag) and {@code extraTags} to it, in one
   * transaction.
   *
   * @throws RegistryException MANIFEST_INVALID, DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN as the spec says
   */
  PushResult push(RepositoryName name, Reference reference, byte[] content, String contentType,
      List<Tag> extraTags, Principal pusher) {
    Manifest manifest = parser.parse(content, contentType);
    Digest digest = switch (reference) {
      case Digest expected -> {
        Digest actual = Digest.compute(expected.algorithm(), content);
        if (!actual.equals(expected)) {
          throw new RegistryException(ErrorCode.DIGEST_INVALID, "manifest digest did not match its content",
              Map.of("digest", expected.value()));
        }
        yield actual;
      }
      case Tag t -> Digest.sha256(content);
    };
    Set<Tag> tagSet = new LinkedHashSet<>();
    if (reference instanceof Tag t) {
      tagSet.add(t);
    }
    tagSet.addAll(extraTags);
    RepositoryRow repo = repositories.ensure(name, pusher);
    NewManifest row = new NewManifest(repo.id(), digest, manifest.mediaType(),
        manifest.effectiveArtifactType().orElse(null), manifest.subject().map(s -> s.digest().value()).orElse(null),
        annotationsJson(manifest.annotations()), content);
    db.write(h -> {
      record(h, repo.id(), manifest, row, tagSet);
      return null;
    });
    cache.invalidate(name.value());
    events.manifestPushed(name, digest, manifest.mediaType(), content.length, List.copyOf(tagSet), pusher);
    return new PushResult(digest, manifest.subject().map(Descriptor::digest), List.copyOf(tagSet));
  }

  private void record(Handle h, long repositoryId, Manifest manifest, NewManifest row, Set<Tag> tagSet) {
    List<Long> blobIds = new ArrayList<>();
    List<Long> childIds = new ArrayList<>();
    switch (manifest) {
      case ImageManifest m -> blobIds.addAll(requireBlobs(h, repositoryId, referencedBlobs(m)));
      case ImageIndex i -> childIds.addAll(requireChildren(h, repositoryId, i));
    }
    long now = clock.millis();
    Map.Entry<Long, Boolean> saved = manifests.upsert(h, row, now);
    if (saved.getValue()) {
      manifests.addBlobEdges(h, saved.getKey(), blobIds);
      manifests.addChildEdges(h, saved.getKey(), childIds);
    }
    for (Tag t : tagSet) {
      tags.move(h, repositoryId, t.value(), saved.getKey(), now);
    }
  }

  private static Set<String> referencedBlobs(ImageManifest m) {
    Set<String> digests = new LinkedHashSet<>();
    digests.add(m.config().digest().value());
    for (Descriptor layer : m.layers()) {
      if (!MediaTypes.isNonDistributable(layer.mediaType())) {
        digests.add(layer.digest().value());
      }
    }
    return digests;
  }

  private List<Long> requireBlobs(Handle h, long repositoryId, Set<String> digests) {
    List<BlobRow> found = blobs.findLinked(h, repositoryId, digests);
    if (found.size() != digests.size()) {
      Set<String> missing = new LinkedHashSet<>(digests);
      found.forEach(b -> missing.remove(b.digest().value()));
      throw blobUnknown(missing.iterator().next());
    }
    return found.stream().map(BlobRow::id).toList();
  }

  private List<Long> requireChildren(Handle h, long repositoryId, ImageIndex index) {
    Set<String> digests = new LinkedHashSet<>();
    index.manifests().forEach(d -> digests.add(d.digest().value()));
    Map<String, Long> ids = manifests.findIds(h, repositoryId, digests);
    Set<String> missing = new LinkedHashSet<>(digests);
    missing.removeAll(ids.keySet());
    if (!missing.isEmpty()) {
      // An index entry that is a blob rather than a manifest is unusual but not wrong: accept it if held.
      List<BlobRow> asBlobs = blobs.findLinked(h, repositoryId, missing);
      asBlobs.forEach(b -> missing.remove(b.digest().value()));
      if (!missing.isEmpty()) {
        throw blobUnknown(missing.iterator().next());
      }
    }
    return List.copyOf(ids.values());
  }

  /** Deletes a tag, or by digest the manifest and every tag that points at it. */
  void delete(RepositoryName name, Reference reference, Principal actor) {
    RepositoryRow repo = repositories.require(name);
    long now = clock.millis();
    boolean deleted = db.write(h -> switch (reference) {
      case Tag t -> tags.delete(h, repo.id(), t.value(), now);
      case Digest d -> manifests.findByDigest(h, repo.id(), d).map(m -> {
        tags.deleteAllFor(h, repo.id(), m.id(), now);
        return manifests.markDeleted(h, m.id(), now);
      }).orElse(false);
    });
    cache.invalidate(name.value());
    if (!deleted) {
      throw new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to registry",
          Map.of(reference instanceof Tag ? "tag" : "digest", reference.value()));
    }
    events.deleted(name, reference instanceof Digest d ? Optional.of(d) : Optional.empty(),
        reference instanceof Tag t ? Optional.of(t.value()) : Optional.empty(), actor);
  }

  /** Manifests whose subject is {@code subject}, in digest order after {@code after}, at most {@code limit}. */
  List<ReferrerRow> referrers(RepositoryName name, Digest subject, Optional<String> artifactType, String after,
      int limit) {
    return db.read(h -> repositoryStore.find(h, name)
        .map(repo -> manifests.referrers(h, repo.id(), subject, artifactType, after, limit))
        .orElse(List.of()));
  }

  private String annotationsJson(Map<String, String> annotations) {
    if (annotations.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(annotations);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("string maps always serialise", e);
    }
  }

  private static RegistryException blobUnknown(String digest) {
    return new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, "manifest references a blob or manifest "
        + "unknown to this repository", Map.of("digest", digest));
  }
}
