package dev.berth.server.registry;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.Principal;
import dev.berth.server.access.RepositoryCreationHook;
import dev.berth.server.db.Database;
import dev.berth.server.registry.Rows.RepositoryRow;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Finds repositories, creating one on first push. */
final class Repositories {
  private final Database db;
  private final RepositoryStore store;
  private final Clock clock;
  private final RepositoryCreationHook creationHook;

  Repositories(Database db, RepositoryStore store, Clock clock, RepositoryCreationHook creationHook) {
    this.db = db;
    this.store = store;
    this.clock = clock;
    this.creationHook = creationHook;
  }

  Optional<RepositoryRow> find(RepositoryName name) {
    return db.read(h -> store.find(h, name));
  }

  /** The repository, or {@code NAME_UNKNOWN}. */
  RepositoryRow require(RepositoryName name) {
    return find(name).orElseThrow(() -> unknown(name));
  }

  /**
   * The repository, created if absent (with the permissions the creation hook sets up for {@code creator}). Two
   * nodes creating it at once both get the one row.
   */
  RepositoryRow ensure(RepositoryName name, Principal creator) {
    Optional<RepositoryRow> found = find(name);
    if (found.isPresent()) {
      return found.get();
    }
    try {
      return db.write(h -> store.find(h, name).orElseGet(() -> {
        RepositoryRow created = store.create(h, name, clock.millis());
        creationHook.created(h, created.id(), name, creator);
        return created;
      }));
    } catch (UnableToExecuteStatementException e) {
      // Lost a creation race on a database that does not serialize writers; the winner's row is there now.
      return find(name).orElseThrow(() -> e);
    }
  }

  static RegistryException unknown(RepositoryName name) {
    return new RegistryException(ErrorCode.NAME_UNKNOWN, "repository name not known to registry",
        Map.of("name", name.value()));
  }
}
