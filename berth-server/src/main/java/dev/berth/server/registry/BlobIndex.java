package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.server.registry.Rows.BlobRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The global blob rows and their links to repositories. */
final class BlobIndex {

  Optional<BlobRow> findLinked(Handle h, long repositoryId, Digest digest) {
    return h.createQuery("""
            SELECT b.id, b.digest, b.size
            FROM stored_blob b JOIN repository_blob rb ON rb.blob_id = b.id
            WHERE rb.repository_id = :repo AND b.digest = :digest
            """)
        .bind("repo", repositoryId)
        .bind("digest", digest.value())
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** The blobs among {@code digests} that are linked to the repository. */
  List<BlobRow> findLinked(Handle h, long repositoryId, Collection<String> digests) {
    if (digests.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT b.id, b.digest, b.size
            FROM stored_blob b JOIN repository_blob rb ON rb.blob_id = b.id
            WHERE rb.repository_id = :repo AND b.digest IN (<digests>)
            """)
        .bind("repo", repositoryId)
        .bindList("digests", List.copyOf(digests))
        .map((rs, ctx) -> row(rs))
        .list();
  }

  Optional<BlobRow> find(Handle h, Digest digest) {
    return h.createQuery("SELECT id, digest, size FROM stored_blob WHERE digest = :digest")
        .bind("digest", digest.value())
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  BlobRow insertIfAbsent(Handle h, Digest digest, long size, long nowMs) {
    return find(h, digest).orElseGet(() -> {
      long id = h.createUpdate("INSERT INTO stored_blob (digest, size, created_ms) VALUES (:digest, :size, :now)")
          .bind("digest", digest.value())
          .bind("size", size)
          .bind("now", nowMs)
          .executeAndReturnGeneratedKeys("id")
          .mapTo(Long.class)
          .one();
      return new BlobRow(id, digest, size);
    });
  }

  /** Links a blob to a repository, or extends an existing link's expiry. */
  void link(Handle h, long repositoryId, long blobId, long nowMs, long expiresMs) {
    int updated = h.createUpdate("""
            UPDATE repository_blob SET expires_ms = :expires
            WHERE repository_id = :repo AND blob_id = :blob AND expires_ms < :expires
            """)
        .bind("repo", repositoryId)
        .bind("blob", blobId)
        .bind("expires", expiresMs)
        .execute();
    if (updated == 0) {
      boolean exists = h.createQuery("""
              SELECT COUNT(*) FROM repository_blob WHERE repository_id = :repo AND blob_id = :blob
              """)
          .bind("repo", repositoryId)
          .bind("blob", blobId)
          .mapTo(Integer.class)
          .one() > 0;
      if (!exists) {
        h.createUpdate("""
                INSERT INTO repository_blob (repository_id, blob_id, created_ms, expires_ms)
                VALUES (:repo, :blob, :now, :expires)
                """)
            .bind("repo", repositoryId)
            .bind("blob", blobId)
            .bind("now", nowMs)
            .bind("expires", expiresMs)
            .execute();
      }
    }
  }

  boolean unlink(Handle h, long repositoryId, long blobId) {
    return h.createUpdate("DELETE FROM repository_blob WHERE repository_id = :repo AND blob_id = :blob")
        .bind("repo", repositoryId)
        .bind("blob", blobId)
        .execute() > 0;
  }

  /** Names of repositories that hold the blob, for automatic content discovery on mount. */
  List<String> repositoriesHolding(Handle h, Digest digest, int limit) {
    return h.createQuery("""
            SELECT r.name FROM repository r
            JOIN repository_blob rb ON rb.repository_id = r.id
            JOIN stored_blob b ON b.id = rb.blob_id
            WHERE b.digest = :digest ORDER BY r.name LIMIT :limit
            """)
        .bind("digest", digest.value())
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  private static BlobRow row(ResultSet rs) throws SQLException {
    return new BlobRow(rs.getLong("id"), Digest.parse(rs.getString("digest")), rs.getLong("size"));
  }
}
