package dev.berth.server.access;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link AccessPolicyContract} on SQLite, PostgreSQL and MariaDB. */
class AccessPolicyContractTest {
  @Nested
  class OnSqlite extends AccessPolicyContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends AccessPolicyContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends AccessPolicyContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
