package dev.berth.server.registry;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link ManifestStoreContract} on SQLite, PostgreSQL and MariaDB. */
class ManifestStoreContractTest {
  @Nested
  class OnSqlite extends ManifestStoreContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends ManifestStoreContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends ManifestStoreContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
