package dev.berth.server.registry;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link BlobIndexContract} on SQLite, PostgreSQL and MariaDB. */
class BlobIndexContractTest {
  @Nested
  class OnSqlite extends BlobIndexContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends BlobIndexContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends BlobIndexContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
