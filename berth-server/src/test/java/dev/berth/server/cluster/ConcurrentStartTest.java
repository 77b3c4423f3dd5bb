package dev.berth.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Databases;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TestRegistry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several nodes started at the same moment on one empty database: the migrations run exactly once. */
class ConcurrentStartTest {
  private static final int NODES = 3;

  @ParameterizedTest
  @EnumSource(value = Databases.Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void nodesStartedTogetherOnAnEmptyDatabase_allServe_andEachMigrationRanOnce(Databases.Kind kind) throws Exception {
    List<TestRegistry> nodes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(NODES);
    try (Databases.Fresh db = Databases.create(kind, Path.of(System.getProperty("java.io.tmpdir")))) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<TestRegistry>> starts = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        starts.add(pool.submit(() -> {
          go.await();
          return TestRegistry.start(Map.of("DB_URI", db.dbUri()));
        }));
      }
      go.countDown();
      for (Future<TestRegistry> start : starts) {
        nodes.add(start.get(120, TimeUnit.SECONDS));
      }

      Map<String, Integer> applied = new TreeMap<>();
      try (Connection c = connect(kind, db.name()); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT version, COUNT(*) FROM flyway_schema_history "
              + "WHERE success AND version IS NOT NULL GROUP BY version")) {
        while (rs.next()) {
          applied.put(rs.getString(1), rs.getInt(2));
        }
      }
      Map<String, Integer> once = new TreeMap<>();
      migrationVersions().forEach(v -> once.put(v, 1));
      assertThat(applied).isEqualTo(once);

      // Each node keeps blobs in its own directory here; the metadata is what they share.
      NodeClient first = new NodeClient(nodes.get(0).base());
      NodeClient.Image image = first.pushImage("started/app", "v1", 1, 1000);
      first.assertPulls("started/app", "v1", image);
      assertThat(new NodeClient(nodes.get(NODES - 1).base()).getManifest("started/app", "v1").body())
          .isEqualTo(image.manifest());
    } finally {
      for (TestRegistry node : nodes) {
        node.close();
      }
      pool.shutdownNow();
    }
  }

  private static Connection connect(Databases.Kind kind, String name) throws Exception {
    return kind == Databases.Kind.POSTGRESQL
        ? DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "")
        : DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + name, "root", "");
  }

  /** The versions of the migrations Berth ships ({@code V<version>__<name>.sql}). */
  private static List<String> migrationVersions() throws URISyntaxException, java.io.IOException {
    Path dir = Path.of(ConcurrentStartTest.class.getClassLoader().getResource("db/migration").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> versions = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V[0-9_]+__.*\\.sql"))
          .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.')).sorted().toList();
      assertThat(versions).isNotEmpty();
      return versions;
    }
  }
}
