package dev.berth.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Fresh, empty databases on the machine's real PostgreSQL (127.0.0.1:5432, trust auth) and MariaDB
 * (127.0.0.1:3306, root without a password) for tests; {@code .ci/run} starts both when they are not running.
 * Each database gets a random name and is dropped by {@link Fresh#close()}.
 */
public final class Databases {
  /** The databases Berth supports. */
  public enum Kind {
    SQLITE,
    POSTGRESQL,
    MARIADB
  }

  private Databases() {}

  /** A database made for one test; {@link #dbUri()} is its {@code DB_URI}. */
  public record Fresh(Kind kind, String name, String dbUri) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      switch (kind) {
        case POSTGRESQL -> admin("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
            "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        case MARIADB -> admin("jdbc:mariadb://127.0.0.1:3306/", "root", "DROP DATABASE IF EXISTS " + name);
        case SQLITE -> { }
      }
    }
  }

  /**
   * Creates an empty database of {@code kind}. For SQLite the URI names a file under {@code sqliteDir}'s
   * caller-chosen path, so nothing is created here.
   *
   * @throws SQLException if the server is not reachable: the message says how to start it
   */
  public static Fresh create(Kind kind, java.nio.file.Path sqliteDir) throws SQLException {
    String name = "berth_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    return switch (kind) {
      case SQLITE -> new Fresh(kind, name, "sqlite:///" + sqliteDir.toAbsolutePath().resolve(name + ".db"));
      case POSTGRESQL -> {
        // A linguistic default collation (ICU en-US), as production clusters initialised under an en_US locale
        // have: a name column that forgot its binary collation then sorts "a" before "A" and "_" first, and the
        // tests notice. The machine's own default (C.UTF-8) would hide that.
        admin("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "CREATE DATABASE " + name
            + " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
        yield new Fresh(kind, name, "postgresql://postgres@127.0.0.1:5432/" + name);
      }
      case MARIADB -> {
        admin("jdbc:mariadb://127.0.0.1:3306/", "root",
            "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        yield new Fresh(kind, name, "mysql+pymysql://root@127.0.0.1:3306/" + name);
      }
    };
  }

  private static void admin(String url, String user, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(url + " is not reachable or refused '" + sql + "' (run .ci/run, which starts "
          + "PostgreSQL and MariaDB): " + e.getMessage(), e.getSQLState(), e);
    }
  }
}
