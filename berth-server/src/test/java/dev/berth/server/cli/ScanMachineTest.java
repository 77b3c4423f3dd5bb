package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth scan} of an image holding this machine's own dpkg status and os-release, against the real Debian
 * security tracker excerpt and the real OSV Debian record of {@code berth.fixtures}. The machine's packages
 * change, so the test asserts on structure and checks the tracker verdicts with {@code dpkg --compare-versions}
 * as the oracle, never against fixed counts.
 */
class ScanMachineTest {
  private static final Path STATUS = Path.of("/var/lib/dpkg/status");
  private static final Path OS_RELEASE = Path.of("/usr/lib/os-release");
  private static final Set<String> SEVERITIES = Set.of("Unknown", "Negligible", "Low", "Medium", "High",
      "Critical");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;
  static UmociImage image;

  @BeforeAll
  static void packImage() throws IOException {
    Assertions.assertTrue(Files.isReadable(STATUS) && Files.isReadable(OS_RELEASE),
        "no dpkg status or os-release on this machine: run the tests on Debian (.ci/run does)");
    image = UmociImage.create(work.resolve("layout"), "machine", "amd64", work).layer(rootfs -> {
      Files.createDirectories(rootfs.resolve("etc"));
      Files.createDirectories(rootfs.resolve("var/lib/dpkg"));
      Files.copy(OS_RELEASE, rootfs.resolve("etc/os-release"));
      Files.copy(STATUS, rootfs.resolve("var/lib/dpkg/status"));
    });
  }

  @Test
  void scan_machineImage_againstRealDebianFeeds_reportsEveryInstalledPackageAndOnlyTrackerVerdicts()
      throws Exception {
    Path advisories = Fixtures.advisories();
    Path tracker = advisories.resolve("debian-tracker/debian.json");
    Path dsa = advisories.resolve("osv/debian-DSA-3029-1.json");

    JsonNode report = scanJson(tracker + "," + dsa);

    Map<String, String> release = osRelease();
    assertThat(report.path("manifest_hash").asText()).isEqualTo(image.manifestDigest());
    assertThat(report.at("/distributions/1/did").asText()).isEqualTo(release.get("ID"));
    assertThat(report.at("/distributions/1/version_id").asText())
        .isEqualTo(release.getOrDefault("VERSION_ID", ""));
    String firstLayer = image.layerDigests().getFirst();
    Set<String> packages = new TreeSet<>();
    report.path("packages").properties().forEach(p -> {
      JsonNode pkg = p.getValue();
      packages.add(pkg.path("name").asText() + " " + pkg.path("version").asText());
      assertThat(pkg.path("source").path("name").asText()).isNotEmpty();
      JsonNode env = report.path("environments").path(p.getKey()).path(0);
      assertThat(env.path("package_db").asText()).isEqualTo("var/lib/dpkg/status");
      assertThat(env.path("introduced_in").asText()).isEqualTo(firstLayer);
      assertThat(env.path("distribution_id").asText()).isEqualTo("1");
    });
    assertThat(packages).isEqualTo(installedPackages());
    assertWellFormedFindings(report);
    assertThat(trackerFindings(report)).isEqualTo(expectedTrackerFindings(report, List.of(tracker),
        release.getOrDefault("VERSION_CODENAME", "")));
  }

  /**
   * The real excerpt names few packages a machine has, so a second tracker file is written for the first
   * source packages this machine has installed: one entry fixed above, one at, one "0", one unfixed.
   */
  @Test
  void scan_machineImage_againstATrackerOfItsOwnSourcePackages_agreesWithDpkg() throws Exception {
    Path advisories = Fixtures.advisories();
    Path tracker = advisories.resolve("debian-tracker/debian.json");
    String codename = osRelease().getOrDefault("VERSION_CODENAME", "");
    JsonNode first = scanJson(tracker.toString());
    Path own = ownTracker(first, codename);

    JsonNode report = scanJson(tracker + "," + own);

    assertWellFormedFindings(report);
    Set<String> expected = expectedTrackerFindings(report, List.of(tracker, own), codename);
    assertThat(trackerFindings(report)).isEqualTo(expected);
    assertThat(expected).as("the machine's own entries make the oracle check non-vacuous").isNotEmpty();
  }

  @Test
  void scanTable_machineImage_endsWithTheTotalOverEveryPackage() throws Exception {
    Path advisories = Fixtures.advisories();
    Path tracker = advisories.resolve("debian-tracker/debian.json");

    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", tracker.toString());

    assertThat(run.exit()).as(run.describe()).isZero();
    int installed = installedPackages().size();
    assertThat(run.out().lines().reduce((a, b) -> b).orElseThrow()).matches(
        "No known vulnerabilities in " + installed + " packages\\.|\\d+ vulnerabilit(y|ies) in \\d+ packages? "
            + "\\(of " + installed + " scanned\\)\\.");
  }

  private static JsonNode scanJson(String advisories) throws IOException {
    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", advisories, "--format", "json");
    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.err().lines()).allSatisfy(l -> assertThat(l).startsWith("berth: warning: "));
    return JSON.readTree(run.out());
  }

  private static void assertWellFormedFindings(JsonNode report) {
    report.path("vulnerabilities").forEach(v -> {
      assertThat(v.path("updater").asText()).isIn("debian-security-tracker", "osv");
      assertThat(v.path("normalized_severity").asText()).isIn(SEVERITIES);
      assertThat(v.path("package").path("kind").asText()).isEqualTo("source");
      assertThat(v.at("/distribution/did").asText()).isEqualTo("debian");
      assertThat(v.path("name").asText()).as("an OSV Debian:7 record never matches another release")
          .isNotEqualTo("DSA-3029-1");
    });
    report.path("package_vulnerabilities").properties().forEach(pv -> {
      String source = report.path("packages").path(pv.getKey()).path("source").path("name").asText();
      pv.getValue().forEach(id -> assertThat(report.path("vulnerabilities").path(id.asText()).at("/package/name")
          .asText()).as("matched by source package").isEqualTo(source));
    });
  }

  /** A tracker file over the first four source packages of the report, one kind of entry each. */
  private static Path ownTracker(JsonNode report, String codename) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    List<String> kinds = List.of("above", "at", "zero", "unfixed");
    int n = 0;
    for (JsonNode pkg : report.path("packages")) {
      String source = pkg.path("source").path("name").asText();
      if (n == kinds.size() || root.has(source)) {
        continue;
      }
      String version = pkg.path("version").asText();
      ObjectNode rel = root.putObject(source).putObject("CVE-0000-000" + n).putObject("releases")
          .putObject(codename).put("urgency", "low");
      switch (kinds.get(n)) {
        case "above" -> rel.put("status", "resolved").put("fixed_version", version + "+berth1");
        case "at" -> rel.put("status", "resolved").put("fixed_version", version);
        case "zero" -> rel.put("status", "resolved").put("fixed_version", "0");
        default -> rel.put("status", "open");
      }
      n++;
    }
    Path file = work.resolve("own-tracker.json");
    JSON.writeValue(file.toFile(), root);
    return file;
  }

  /** (package, CVE) pairs the report has from the tracker. */
  private static Set<String> trackerFindings(JsonNode report) {
    Set<String> out = new TreeSet<>();
    report.path("package_vulnerabilities").properties().forEach(pv -> pv.getValue().forEach(id -> {
      JsonNode v = report.path("vulnerabilities").path(id.asText());
      if (v.path("updater").asText().equals("debian-security-tracker")) {
        out.add(report.path("packages").path(pv.getKey()).path("name").asText() + " " + v.path("name").asText());
      }
    }));
    return out;
  }

  /**
   * The oracle: for each reported package and each tracker entry of its source package in the machine's
   * release, affected when there is no fixed version, not when it is "0", else when dpkg says the installed
   * version is lower.
   */
  private static Set<String> expectedTrackerFindings(JsonNode report, List<Path> trackers, String codename)
      throws Exception {
    Set<String> out = new TreeSet<>();
    for (Path tracker : trackers) {
      out.addAll(expectedTrackerFindings(report, JSON.readTree(tracker.toFile()), codename));
    }
    return out;
  }

  private static Set<String> expectedTrackerFindings(JsonNode report, JsonNode feed, String codename)
      throws Exception {
    Set<String> out = new TreeSet<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode pkg : report.path("packages")) {
      String name = pkg.path("name").asText();
      String version = pkg.path("version").asText();
      if (!seen.add(name + " " + version)) {
        continue;
      }
      for (var cve : feed.path(pkg.path("source").path("name").asText()).properties()) {
        JsonNode rel = cve.getValue().path("releases").path(codename);
        if (rel.isMissingNode() || !rel.isObject()) {
          continue;
        }
        String fixed = rel.path("fixed_version").asText("");
        if (fixed.isEmpty() || (!fixed.equals("0") && dpkgLessThan(version, fixed))) {
          out.add(name + " " + cve.getKey());
        }
      }
    }
    return out;
  }

  private static boolean dpkgLessThan(String a, String b) throws Exception {
    Process p = new ProcessBuilder("dpkg", "--compare-versions", a, "lt", b).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0;
  }

  /** dpkg's own reading of the status file: "name version" of every installed package. */
  private static Set<String> installedPackages() throws Exception {
    Path admin = Files.createDirectories(work.resolve("admindir"));
    Files.copy(STATUS, admin.resolve("status"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Process p = new ProcessBuilder("dpkg-query", "--admindir=" + admin, "-W",
        "-f=${db:Status-Status} ${Package} ${Version}\\n").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Assertions.assertFalse(out.isEmpty(), "dpkg-query gave nothing: install dpkg (.ci/run does)");
    Set<String> installed = new TreeSet<>();
    out.lines().filter(l -> l.startsWith("installed ")).forEach(l -> installed.add(l.substring(10)));
    return installed;
  }

  private static Map<String, String> osRelease() throws IOException {
    Map<String, String> out = new java.util.HashMap<>();
    for (String line : Files.readAllLines(OS_RELEASE)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip().replaceAll("^\"|\"$", ""));
      }
    }
    return out;
  }
}
