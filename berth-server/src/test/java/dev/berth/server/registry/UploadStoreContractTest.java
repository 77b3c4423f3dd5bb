package dev.berth.server.registry;

import dev.berth.server.testing.Databases.Kind;
import org.junit.jupiter.api.Nested;

/** Runs {@link UploadStoreContract} on SQLite, PostgreSQL and MariaDB. */
class UploadStoreContractTest {
  @Nested
  class OnSqlite extends UploadStoreContract {
    OnSqlite() {
      super(Kind.SQLITE);
    }
  }

  @Nested
  class OnPostgresql extends UploadStoreContract {
    OnPostgresql() {
      super(Kind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariadb extends UploadStoreContract {
    OnMariadb() {
      super(Kind.MARIADB);
    }
  }
}
