package dev.berth.server.registry;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link RepositoryStoreContract} on SQLite, PostgreSQL and MariaDB. */
class RepositoryStoreContractTest {
  @Nested
  class OnSqlite extends RepositoryStoreContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends RepositoryStoreContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends RepositoryStoreContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
