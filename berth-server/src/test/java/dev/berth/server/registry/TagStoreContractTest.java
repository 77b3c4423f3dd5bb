package dev.berth.server.registry;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link TagStoreContract} on SQLite, PostgreSQL and MariaDB. */
class TagStoreContractTest {
  @Nested
  class OnSqlite extends TagStoreContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends TagStoreContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends TagStoreContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
