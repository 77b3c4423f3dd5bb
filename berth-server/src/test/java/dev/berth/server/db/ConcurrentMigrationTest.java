package dev.berth.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.config.DatabaseUri;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.TestRegistry;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several nodes starting at once on one empty database migrate it exactly once. */
class ConcurrentMigrationTest {
  static final int NODES = 4;
  static final int ROUNDS = 3;

  /** The versions of the migration scripts Berth ships, read from the classpath. */
  static List<String> shippedVersions() throws Exception {
    URL dir = ConcurrentMigrationTest.class.getClassLoader().getResource("db/migration");
    Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
    List<String> versions = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      files.forEach(f -> {
        Matcher m = name.matcher(f.getFileName().toString());
        if (m.matches()) {
          versions.add(m.group(1));
        }
      });
    }
    versions.sort(java.util.Comparator.comparingInt(Integer::parseInt));
    return versions;
  }

  @ParameterizedTest
  @EnumSource(value = Databases.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void nodesStartingTogetherOnAnEmptyDatabase_allSucceed_andEachMigrationRunsOnce(Databases.Kind kind)
      throws Exception {
    List<String> shipped = shippedVersions();
    assertThat(shipped).as("migrations on the classpath").isNotEmpty();
    Path dir = Files.createTempDirectory("berth-migrate-");
    try {
      for (int round = 0; round < ROUNDS; round++) {
        try (Databases.Fresh fresh = Databases.create(kind, dir)) {
          List<Database> opened = openTogether(DatabaseUri.parse(fresh.dbUri()));
          try {
            Map<String, Integer> applied = history(opened.get(0));
            Map<String, Integer> once = new TreeMap<>();
            shipped.forEach(v -> once.put(v, 1));
            assertThat(applied).as("successful rows per version in flyway_schema_history, round %d", round)
                .isEqualTo(once);
            assertThat(failedRows(opened.get(0))).isZero();
          } finally {
            opened.forEach(Database::close);
          }
        }
      }
    } finally {
      TestRegistry.deleteTree(dir);
    }
  }

  /** Opens {@link #NODES} databases at once, as nodes starting together do; any failure fails the test. */
  static List<Database> openTogether(DatabaseUri uri) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(NODES);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Database>> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        nodes.add(pool.submit(() -> {
          go.await();
          return Database.open(uri, 2);
        }));
      }
      go.countDown();
      List<Database> opened = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (Future<Database> f : nodes) {
        try {
          opened.add(f.get(2, TimeUnit.MINUTES));
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      if (!failures.isEmpty()) {
        opened.forEach(Database::close);
        AssertionError error = new AssertionError(failures.size() + " of " + NODES + " nodes failed to start");
        failures.forEach(error::addSuppressed);
        throw error;
      }
      return opened;
    } finally {
      pool.shutdownNow();
    }
  }

  static Map<String, Integer> history(Database db) {
    Map<String, Integer> counts = new TreeMap<>();
    db.read(h -> h.createQuery("""
            SELECT version FROM flyway_schema_history WHERE version IS NOT NULL AND success = :ok
            """)
        .bind("ok", true)
        .mapTo(String.class)
        .list())
        .forEach(v -> counts.merge(v, 1, Integer::sum));
    return counts;
  }

  static int failedRows(Database db) {
    return db.read(h -> h.createQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = :ok")
        .bind("ok", false)
        .mapTo(Integer.class)
        .one());
  }
}
