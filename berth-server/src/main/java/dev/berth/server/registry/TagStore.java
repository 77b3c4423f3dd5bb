package dev.berth.server.registry;

import dev.berth.server.registry.Rows.LiveTag;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Tags as history rows. A live tag has one open row in {@code tag} and one row in {@code live_tag}; moving or
 * deleting it closes the open row (sets {@code lifetime_end_ms}), so the history can restore it later.
 */
final class TagStore {

  Optional<LiveTag> live(Handle h, long repositoryId, String tag) {
    return h.createQuery("SELECT tag_id, manifest_id FROM live_tag WHERE repository_id = :repo AND name = :tag")
        .bind("repo", repositoryId)
        .bind("tag", tag)
        .map((rs, ctx) -> new LiveTag(rs.getLong("tag_id"), rs.getLong("manifest_id")))
        .findOne();
  }

  /** Points {@code tag} at {@code manifestId}: nothing changes if it already does. */
  void move(Handle h, long repositoryId, String tag, long manifestId, long nowMs) {
    Optional<LiveTag> current = lockLive(h, repositoryId, tag);
    if (current.isPresent() && current.get().manifestId() == manifestId) {
      return;
    }
    current.ifPresent(c -> close(h, c.tagId(), nowMs));
    long tagId = h.createUpdate("""
            INSERT INTO tag (repository_id, name, manifest_id, lifetime_start_ms)
            VALUES (:repo, :tag, :manifest, :now)
            """)
        .bind("repo", repositoryId)
        .bind("tag", tag)
        .bind("manifest", manifestId)
        .bind("now", nowMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
    if (current.isPresent()) {
      h.createUpdate("""
              UPDATE live_tag SET tag_id = :tagId, manifest_id = :manifest
              WHERE repository_id = :repo AND name = :tag
              """)
          .bind("tagId", tagId)
          .bind("manifest", manifestId)
          .bind("repo", repositoryId)
          .bind("tag", tag)
          .execute();
    } else {
      h.createUpdate("""
              INSERT INTO live_tag (repository_id, name, tag_id, manifest_id)
              VALUES (:repo, :tag, :tagId, :manifest)
              """)
          .bind("repo", repositoryId)
          .bind("tag", tag)
          .bind("tagId", tagId)
          .bind("manifest", manifestId)
          .execute();
    }
  }

  /** Ends a live tag; false if there was none. */
  boolean delete(Handle h, long repositoryId, String tag, long nowMs) {
    Optional<LiveTag> current = lockLive(h, repositoryId, tag);
    if (current.isEmpty()) {
      return false;
    }
    close(h, current.get().tagId(), nowMs);
    h.createUpdate("DELETE FROM live_tag WHERE repository_id = :repo AND name = :tag")
        .bind("repo", repositoryId)
        .bind("tag", tag)
        .execute();
    return true;
  }

  /** Ends every live tag pointing at a manifest, as a manifest delete does. */
  void deleteAllFor(Handle h, long repositoryId, long manifestId, long nowMs) {
    h.createUpdate("UPDATE live_tag SET tag_id = tag_id WHERE repository_id = :repo AND manifest_id = :manifest")
        .bind("repo", repositoryId)
        .bind("manifest", manifestId)
        .execute(); // locks them, as lockLive does
    h.createUpdate("""
            UPDATE tag SET lifetime_end_ms = :now
            WHERE id IN (SELECT tag_id FROM live_tag WHERE repository_id = :repo AND manifest_id = :manifest)
            """)
        .bind("now", nowMs)
        .bind("repo", repositoryId)
        .bind("manifest", manifestId)
        .execute();
    h.createUpdate("DELETE FROM live_tag WHERE repository_id = :repo AND manifest_id = :manifest")
        .bind("repo", repositoryId)
        .bind("manifest", manifestId)
        .execute();
  }

  /** Live tag names after {@code after} in byte order, at most {@code limit}. */
  List<String> list(Handle h, long repositoryId, String after, int limit) {
    return h.createQuery("""
            SELECT name FROM live_tag WHERE repository_id = :repo AND name > :after ORDER BY name LIMIT :limit
            """)
        .bind("repo", repositoryId)
        .bind("after", after)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }

  /**
   * The live row, read after taking its write lock; empty when the lock found no row. Under read committed
   * (PostgreSQL, MariaDB) two transactions moving or deleting the same tag would otherwise both read the same live
   * row, both close it, and one new history row would stay open without being live. A no-op UPDATE takes the row
   * lock on every database (SQLite serializes writers anyway), so they queue and the second reads what the first
   * committed. Only a row the UPDATE found counts: one committed after it started is not locked, and the insert
   * that follows then collides with it on the primary key of {@code live_tag}, a conflict that
   * {@code Database.write} retries. (MariaDB's driver reports found rows, not changed ones, unless the URL says
   * {@code useAffectedRows=true}.)
   */
  private Optional<LiveTag> lockLive(Handle h, long repositoryId, String tag) {
    int locked = h.createUpdate("UPDATE live_tag SET tag_id = tag_id WHERE repository_id = :repo AND name = :tag")
        .bind("repo", repositoryId)
        .bind("tag", tag)
        .execute();
    return locked == 0 ? Optional.empty() : live(h, repositoryId, tag);
  }

  private static void close(Handle h, long tagId, long nowMs) {
    h.createUpdate("UPDATE tag SET lifetime_end_ms = :now WHERE id = :id")
        .bind("now", nowMs)
        .bind("id", tagId)
        .execute();
  }
}
