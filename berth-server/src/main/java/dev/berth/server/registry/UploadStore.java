package dev.berth.server.registry;

import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.registry.Rows.UploadRow;
import dev.berth.server.storage.UploadId;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Upload sessions: what any node needs to continue an upload. */
final class UploadStore {

  void insert(Handle h, UploadRow row, long nowMs) {
    h.createUpdate("""
            INSERT INTO upload (id, repository_id, algorithm, size, prefix_digest, created_ms, updated_ms)
            VALUES (:id, :repo, :algorithm, :size, :prefix, :now, :now)
            """)
        .bind("id", row.id().value())
        .bind("repo", row.repositoryId())
        .bind("algorithm", row.algorithm().id())
        .bind("size", row.size())
        .bind("prefix", row.prefixDigest())
        .bind("now", nowMs)
        .execute();
  }

  Optional<UploadRow> find(Handle h, UploadId id) {
    return h.createQuery("""
            SELECT id, repository_id, algorithm, size, prefix_digest, created_ms FROM upload WHERE id = :id
            """)
        .bind("id", id.value())
        .map((rs, ctx) -> new UploadRow(new UploadId(rs.getString("id")), rs.getLong("repository_id"),
            DigestAlgorithm.byId(rs.getString("algorithm")).orElseThrow(), rs.getLong("size"),
            rs.getString("prefix_digest"), rs.getLong("created_ms")))
        .findOne();
  }

  /**
   * Records progress, only if nobody else moved the upload since {@code expectedSize} was read.
   *
   * @return whether the row was updated
   */
  boolean advance(Handle h, UploadId id, long expectedSize, long newSize, String prefixDigest, long nowMs) {
    return h.createUpdate("""
            UPDATE upload SET size = :size, prefix_digest = :prefix, updated_ms = :now
            WHERE id = :id AND size = :expected
            """)
        .bind("size", newSize)
        .bind("prefix", prefixDigest)
        .bind("now", nowMs)
        .bind("id", id.value())
        .bind("expected", expectedSize)
        .execute() == 1;
  }

  boolean delete(Handle h, UploadId id) {
    return h.createUpdate("DELETE FROM upload WHERE id = :id").bind("id", id.value()).execute() > 0;
  }
}
