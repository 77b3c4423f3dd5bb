package dev.berth.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.berth.server.config.DatabaseUri;
import dev.berth.server.files.OwnerOnly;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The metadata database: a connection pool, JDBI over it, and the schema migrations. Reads run on a handle in
 * auto-commit mode; writes run in one transaction each ({@link #write}), so a logical change is all or nothing.
 */
public final class Database implements AutoCloseable {
  private static final int MAX_ATTEMPTS = 5;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final DatabaseUri.Vendor vendor;

  private Database(HikariDataSource dataSource, DatabaseUri.Vendor vendor) {
    this.dataSource = dataSource;
    this.vendor = vendor;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Opens the pool and migrates the schema to the newest version.
   *
   * @throws DatabaseUnavailableException naming the database when it cannot be reached or migrated
   */
  public static Database open(DatabaseUri uri, int poolSize) {
    return open(uri, poolSize, java.time.Duration.ofSeconds(5));
  }

  /**
   * Opens the pool with a connection timeout (how long a request waits for a connection before it fails with
   * 503) and migrates the schema.
   */
  public static Database open(DatabaseUri uri, int poolSize, java.time.Duration connectionTimeout) {
    return open(uri, poolSize, connectionTimeout, null);
  }

  /** As {@link #open(DatabaseUri, int, java.time.Duration)}, with the pool's meters on {@code meters}. */
  public static Database open(DatabaseUri uri, int poolSize, java.time.Duration connectionTimeout,
      io.micrometer.core.instrument.MeterRegistry meters) {
    // Flyway holds one connection for its lock and the schema history and takes a second for the migrations
    // (PostgreSQL): on a pool of DB_CONNECTION_POOL_SIZE 1 it waited for itself until the connection timeout. So
    // the migrations get a pool of their own, closed before the service pool opens.
    try (HikariDataSource migrations = dataSource(uri, "berth-db-migrate", 2, connectionTimeout, null)) {
      try {
        migrate(migrations, uri.vendor());
      } catch (RuntimeException e) {
        throw new DatabaseUnavailableException("cannot migrate the metadata database " + uri, e);
      }
    }
    return new Database(dataSource(uri, "berth-db", poolSize, connectionTimeout, meters), uri.vendor());
  }

  private static HikariDataSource dataSource(DatabaseUri uri, String name, int poolSize,
      java.time.Duration connectionTimeout, io.micrometer.core.instrument.MeterRegistry meters) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(uri.jdbcUrl());
    if (!uri.user().isEmpty()) {
      config.setUsername(uri.user());
    }
    if (!uri.password().isEmpty()) {
      config.setPassword(uri.password());
    }
    config.setMaximumPoolSize(poolSize);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    if (meters != null) {
      config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    }
    if (uri.vendor() == DatabaseUri.Vendor.SQLITE) {
      prepareSqlite(uri, config);
    }
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new DatabaseUnavailableException("cannot connect to the metadata database " + uri, e);
    }
  }

  private static void prepareSqlite(DatabaseUri uri, HikariConfig config) {
    String file = uri.jdbcUrl().substring("jdbc:sqlite:".length());
    int q = file.indexOf('?');
    if (q >= 0) {
      file = file.substring(0, q);
    }
    if (!file.isEmpty() && !file.startsWith(":memory:") && !file.startsWith("file:")) {
      // The database keeps password hashes: its directory, when Berth makes it, and the file are the owner's
      // only. SQLite gives its -wal and -shm files the permissions of the database file.
      Path path = Path.of(file).toAbsolutePath();
      try {
        OwnerOnly.createDirectories(path.getParent());
        OwnerOnly.createFileIfMissing(path);
      } catch (java.io.IOException e) {
        throw new DatabaseUnavailableException("cannot create the database file or its directory for " + uri, e);
      }
    }
    // WAL lets readers run beside the one writer; IMMEDIATE makes every write transaction take the write lock at
    // BEGIN, so two writers queue on busy_timeout instead of failing when a read lock cannot be upgraded.
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "NORMAL");
    config.addDataSourceProperty("busy_timeout", "30000");
    config.addDataSourceProperty("foreign_keys", "true");
    config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
  }

  private static void migrate(HikariDataSource dataSource, DatabaseUri.Vendor vendor) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .placeholders(placeholders(vendor))
        .load()
        .migrate();
  }

  /** The dialect words the portable migrations leave as placeholders. */
  static Map<String, String> placeholders(DatabaseUri.Vendor vendor) {
    return switch (vendor) {
      case SQLITE -> Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT", "bytes", "BLOB", "bin", "",
          "exact_artifact_type", "SELECT 1");
      case POSTGRESQL -> Map.of(
          "id_pk", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "bytes", "BYTEA", "bin", "COLLATE \"C\"",
          "exact_artifact_type", "ALTER TABLE manifest ALTER COLUMN artifact_type TYPE VARCHAR(255) COLLATE \"C\"");
      case MYSQL -> Map.of(
          "id_pk", "BIGINT AUTO_INCREMENT PRIMARY KEY", "bytes", "LONGBLOB",
          "bin", "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
          "exact_artifact_type", "ALTER TABLE manifest MODIFY artifact_type VARCHAR(255) CHARACTER SET utf8mb4 "
              + "COLLATE utf8mb4_bin NULL");
    };
  }

  /** Which database this is. */
  public DatabaseUri.Vendor vendor() {
    return vendor;
  }

  /** Runs {@code callback} on a handle in auto-commit mode: for reads. */
  public <T> T read(HandleCallback<T, RuntimeException> callback) {
    return jdbi.withHandle(callback);
  }

  /**
   * Runs {@code callback} in one transaction (read committed; serializable on SQLite), committed when it returns
   * normally and rolled back when it throws.
   */
  public <T> T write(HandleCallback<T, RuntimeException> callback) {
    for (int attempt = 1; ; attempt++) {
      try {
        if (vendor == DatabaseUri.Vendor.SQLITE) {
          return jdbi.inTransaction(callback); // SQLite transactions are serializable; it accepts no other level
        }
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, callback);
      } catch (JdbiException e) {
        if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
          throw e;
        }
        backOff(attempt);
      }
    }
  }

  /**
   * Conflicts that a second attempt resolves: two writers inserting the same unique row (the loser's retry finds
   * the winner's row), serialization failures and deadlocks.
   */
  static boolean isRetryable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        if (state.equals("40001") || state.equals("40P01") || state.equals("23505")
            || code == 1062 || code == 1213 || code == 1205) {
          return true;
        }
      }
    }
    return false;
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException("interrupted while retrying a transaction", ie);
    }
  }

  /** Whether the database answers a trivial query now. */
  public boolean isReachable() {
    try (var c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Opens a handle the caller must close; for stores that stream results. */
  public Handle open() {
    return jdbi.open();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
