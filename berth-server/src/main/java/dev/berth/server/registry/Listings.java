package dev.berth.server.registry;

import dev.berth.oci.RepositoryName;
import dev.berth.server.db.Database;
import dev.berth.server.registry.Rows.RepositoryRow;
import java.util.List;

/** Tag and repository names in byte order, a page at a time. */
final class Listings {
  private final Database db;
  private final Repositories repositories;
  private final RepositoryStore repositoryStore;
  private final TagStore tags;

  Listings(Database db, Repositories repositories, RepositoryStore repositoryStore, TagStore tags) {
    this.db = db;
    this.repositories = repositories;
    this.repositoryStore = repositoryStore;
    this.tags = tags;
  }

  /** Live tags after {@code last}, at most {@code limit}; {@code NAME_UNKNOWN} for an unknown repository. */
  List<String> tags(RepositoryName name, String last, int limit) {
    RepositoryRow repo = repositories.require(name);
    return limit == 0 ? List.of() : db.read(h -> tags.list(h, repo.id(), last, limit));
  }

  /** Repository names after {@code last}, at most {@code limit}, before any access filtering. */
  List<String> repositories(String last, int limit) {
    return db.read(h -> repositoryStore.list(h, last, limit));
  }
}
