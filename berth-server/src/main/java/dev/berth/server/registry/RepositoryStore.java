package dev.berth.server.registry;

import dev.berth.oci.RepositoryName;
import dev.berth.server.registry.Rows.RepositoryRow;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Repositories and the namespaces that own them. */
final class RepositoryStore {

  Optional<RepositoryRow> find(Handle h, RepositoryName name) {
    return h.createQuery("SELECT id, name FROM repository WHERE name = :name")
        .bind("name", name.value())
        .map((rs, ctx) -> new RepositoryRow(rs.getLong("id"), rs.getString("name")))
        .findOne();
  }

  /** Creates the repository (and its namespace) if absent; the caller's transaction makes it atomic. */
  RepositoryRow create(Handle h, RepositoryName name, long nowMs) {
    Long namespaceId = null;
    if (name.hasNamespace()) {
      namespaceId = h.createQuery("SELECT id FROM namespace WHERE name = :name")
          .bind("name", name.namespace())
          .mapTo(Long.class)
          .findOne()
          .orElseGet(() -> h.createUpdate("""
                  INSERT INTO namespace (name, kind, created_ms) VALUES (:name, 'implicit', :now)
                  """)
              .bind("name", name.namespace())
              .bind("now", nowMs)
              .executeAndReturnGeneratedKeys("id")
              .mapTo(Long.class)
              .one());
    }
    long id = h.createUpdate("""
            INSERT INTO repository (namespace_id, name, visibility, created_ms)
            VALUES (:namespace, :name, 'private', :now)
            """)
        .bind("namespace", namespaceId)
        .bind("name", name.value())
        .bind("now", nowMs)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
    return new RepositoryRow(id, name.value());
  }

  /** Repository names after {@code after} in byte order, at most {@code limit}. */
  List<String> list(Handle h, String after, int limit) {
    return h.createQuery("""
            SELECT name FROM repository WHERE name > :after ORDER BY name LIMIT :limit
            """)
        .bind("after", after)
        .bind("limit", limit)
        .mapTo(String.class)
        .list();
  }
}
