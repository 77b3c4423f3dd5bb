package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.server.registry.Rows.ManifestRow;
import dev.berth.server.registry.Rows.ReferrerRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Manifests with their bytes, and their edges to blobs and child manifests. */
final class ManifestStore {

  /** What a manifest push records. */
  record NewManifest(long repositoryId, Digest digest, String mediaType, String artifactType, String subjectDigest,
      String annotationsJson, byte[] content) {}

  Optional<ManifestRow> findByDigest(Handle h, long repositoryId, Digest digest) {
    return h.createQuery("""
            SELECT id, digest, media_type, content FROM manifest
            WHERE repository_id = :repo AND digest = :digest AND deleted_ms IS NULL
            """)
        .bind("repo", repositoryId)
        .bind("digest", digest.value())
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  Optional<ManifestRow> findByTag(Handle h, long repositoryId, String tag) {
    return h.createQuery("""
            SELECT m.id, m.digest, m.media_type, m.content
            FROM live_tag t JOIN manifest m ON m.id = t.manifest_id
            WHERE t.repository_id = :repo AND t.name = :tag
            """)
        .bind("repo", repositoryId)
        .bind("tag", tag)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Ids of the live manifests among {@code digests} in the repository, by digest. */
  Map<String, Long> findIds(Handle h, long repositoryId, Collection<String> digests) {
    Map<String, Long> ids = new HashMap<>();
    if (digests.isEmpty()) {
      return ids;
    }
    h.createQuery("""
            SELECT id, digest FROM manifest
            WHERE repository_id = :repo AND deleted_ms IS NULL AND digest IN (<digests>)
            """)
        .bind("repo", repositoryId)
        .bindList("digests", List.copyOf(digests))
        .map((rs, ctx) -> Map.entry(rs.getString("digest"), rs.getLong("id")))
        .forEach(e -> ids.put(e.getKey(), e.getValue()));
    return ids;
  }

  /**
   * Records a manifest, or revives one deleted earlier with the same digest.
   *
   * @return the manifest's id, and whether the row is new (so edges must be recorded)
   */
  Map.Entry<Long, Boolean> upsert(Handle h, NewManifest m, long nowMs) {
    Optional<Long> existing = h.createQuery("""
            SELECT id FROM manifest WHERE repository_id = :repo AND digest = :digest
            """)
        .bind("repo", m.repositoryId())
        .bind("digest", m.digest().value())
        .mapTo(Long.class)
        .findOne();
    if (existing.isPresent()) {
      h.createUpdate("UPDATE manifest SET deleted_ms = NULL WHERE id = :id AND deleted_ms IS NOT NULL")
          .bind("id", existing.get())
          .execute();
      return Map.entry(existing.get(), false);
    }
    long id = h.createUpdate("""
            INSERT INTO manifest (repository_id, digest, media_type, artifact_type, subject_digest, annotations,
                                  size, content, created_ms)
            VALUES (:repo, :digest, :mediaType, :artifactType, :subject, :annotations, :size, :content, :now)
            """)
        .bind("repo", m.repositoryId())
        .bind("digest", m.digest().value())
        .bind("mediaType", m.mediaType())
        .bind("artifactType", m.artifactType())
        .bind("subject", m.subjectDigest())
        .bind("annotations", m.annotationsJson())
        .bind("size", (long) m.content().length)
        .bind("content", m.content())
        .bind("now", nowMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
    return Map.entry(id, true);
  }

  void addBlobEdges(Handle h, long manifestId, Collection<Long> blobIds) {
    var batch = h.prepareBatch("INSERT INTO manifest_blob (manifest_id, blob_id) VALUES (:manifest, :blob)");
    for (long blobId : blobIds) {
      batch.bind("manifest", manifestId).bind("blob", blobId).add();
    }
    if (!blobIds.isEmpty()) {
      batch.execute();
    }
  }

  void addChildEdges(Handle h, long manifestId, Collection<Long> childIds) {
    var batch = h.prepareBatch("INSERT INTO manifest_child (manifest_id, child_id) VALUES (:manifest, :child)");
    for (long childId : childIds) {
      batch.bind("manifest", manifestId).bind("child", childId).add();
    }
    if (!childIds.isEmpty()) {
      batch.execute();
    }
  }

  /** Marks a live manifest deleted; its row stays for the tag history until garbage collection. */
  boolean markDeleted(Handle h, long manifestId, long nowMs) {
    return h.createUpdate("UPDATE manifest SET deleted_ms = :now WHERE id = :id AND deleted_ms IS NULL")
        .bind("id", manifestId)
        .bind("now", nowMs)
        .execute() > 0;
  }

  /** Live manifests of the repository whose subject is {@code subject}, in digest order, at most {@code limit}. */
  List<ReferrerRow> referrers(Handle h, long repositoryId, Digest subject, Optional<String> artifactType,
      String afterDigest, int limit) {
    String filter = artifactType.isPresent() ? " AND artifact_type = :artifactType" : "";
    var query = h.createQuery("""
            SELECT digest, media_type, size, artifact_type, annotations FROM manifest
            WHERE repository_id = :repo AND subject_digest = :subject AND deleted_ms IS NULL
              AND digest > :after""" + filter + " ORDER BY digest LIMIT :limit")
        .bind("repo", repositoryId)
        .bind("subject", subject.value())
        .bind("after", afterDigest)
        .bind("limit", limit);
    artifactType.ifPresent(t -> query.bind("artifactType", t));
    return query.map((rs, ctx) -> new ReferrerRow(Digest.parse(rs.getString("digest")), rs.getString("media_type"),
            rs.getLong("size"), rs.getString("artifact_type"), rs.getString("annotations")))
        .list();
  }

  private static ManifestRow row(ResultSet rs) throws SQLException {
    return new ManifestRow(rs.getLong("id"), Digest.parse(rs.getString("digest")), rs.getString("media_type"),
        rs.getBytes("content"));
  }
}
