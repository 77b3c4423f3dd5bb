package dev.berth.server.identity;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link IdentityContract} on SQLite, PostgreSQL and MariaDB. */
class IdentityContractTest {
  @Nested
  class OnSqlite extends IdentityContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends IdentityContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends IdentityContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
