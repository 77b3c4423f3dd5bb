package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The machine's own {@code rpm} as an oracle: the same databases queried with {@code rpm -qa} and read by
 * Berth must list the same packages. Debian's rpm 4.18 reads {@code sqlite} and BerkeleyDB (through its
 * read-only {@code bdb_ro} backend) but has no ndb backend, so ndb is checked against the fixtures' lists only.
 */
class RpmOracleTest {
  private static final Path RPM = Path.of("/usr/bin/rpm");
  private static final String QUERY_FORMAT = "%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH}\\n";

  @TempDir Path dir;

  @Test
  void writtenSqliteDatabase_matchesRpm() throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    blobs.putAll(TestPackages.blobs(TestPackages.many(300).subList(10, 300)));
    Path db = DbFiles.sqlite(dir, blobs);

    List<String> rpm = rpmQuery(dir, "sqlite");

    assertThat(rpm).hasSize(blobs.size()).containsExactlyInAnyOrderElementsOf(ours(db));
  }

  @Test
  void writtenBerkeleyDbDatabases_matchRpmInBothByteOrders() throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    blobs.putAll(TestPackages.blobs(TestPackages.many(300).subList(10, 300)));
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      Path sub = Files.createDirectories(dir.resolve(order.toString()));
      Path db = DbFiles.bdb(sub, blobs, order, 4096, 13);

      List<String> rpm = rpmQuery(sub, "bdb_ro");

      assertThat(rpm).as(order.toString()).hasSize(blobs.size()).containsExactlyInAnyOrderElementsOf(ours(db));
    }
  }

  @Test
  void writtenHeaders_readByRpm_haveTheFieldsTheTestWrote() throws Exception {
    List<TestPackages.Spec> specs = TestPackages.varied();
    DbFiles.sqlite(dir, TestPackages.blobs(specs));

    assertThat(rpmQuery(dir, "sqlite"))
        .containsExactlyInAnyOrderElementsOf(specs.stream().map(TestPackages.Spec::rpmLine).toList());
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      "bdb-el8-libuuid, Packages, bdb_ro",
      "bdb-epoch-hello, Packages, bdb_ro",
      "bdb-ubi7-tzdata, Packages, bdb_ro",
      "sqlite-cbl-mariner-2.0, rpmdb.sqlite, sqlite",
      "sqlite-fedora36-tzdata, rpmdb.sqlite, sqlite"})
  void fixtureDatabase_matchesRpm(String folder, String file, String backend) throws Exception {
    Path copy = Files.copy(Fixtures.rpmFolder().resolve(folder).resolve(file), dir.resolve(file));

    List<String> rpm = rpmQuery(dir, backend);

    assertThat(rpm).isNotEmpty().containsExactlyInAnyOrderElementsOf(ours(copy));
  }

  /** Berth's reading of a database, in the query format. */
  static List<String> ours(Path db) throws IOException {
    try (RpmDatabase database = RpmDatabase.open(db, RpmDbLimits.defaults())) {
      return database.packages().stream()
          .map(p -> String.join(" ", p.name(), Long.toString(p.epoch().orElse(0)), p.version(), p.release(),
              p.arch().isEmpty() ? "(none)" : p.arch()))
          .toList();
    }
  }

  /**
   * {@code rpm --dbpath DIR -qa} with the given backend; skips the test when rpm or the backend is missing.
   */
  static List<String> rpmQuery(Path dbDir, String backend) throws Exception {
    assertTrue(Files.isExecutable(RPM), "/usr/bin/rpm is not installed: apt-get install rpm (.ci/run does)");
    assertTrue(backends().contains(backend), "rpm lacks the " + backend + " backend: use Debian's rpm 4.18 (.ci/run installs it)");
    Path home = Files.createDirectories(dbDir.resolve(".home"));
    ProcessBuilder pb = new ProcessBuilder(RPM.toString(), "--dbpath", dbDir.toString(), "--define",
        "_db_backend " + backend, "-qa", "--qf", QUERY_FORMAT);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(dbDir.resolve(".rpm-stderr").toFile());
    Process process = pb.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dbDir.resolve(".rpm-stderr"))).isZero();
    String text = new String(out, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
  }

  private static List<String> backends() throws Exception {
    Process process = new ProcessBuilder(RPM.toString(), "--showrc").redirectErrorStream(true).start();
    List<String> names = new ArrayList<>();
    for (String line : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (line.strip().startsWith("available backends")) {
        names.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).strip().split("\\s+")));
      }
    }
    process.waitFor(60, TimeUnit.SECONDS);
    return names;
  }
}
