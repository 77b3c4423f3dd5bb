package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end golden report of issue 5: a umoci-built Debian 12 image ({@link GoldenImage}) scanned by
 * {@code berth scan} against one small advisory file in each feed format ({@link GoldenFeeds}), given one by one
 * and as a bundle made with {@code berth vulndb export} and installed with {@code berth vulndb import}. Both ways
 * must give the golden JSON (Clair's VulnerabilityReport) and table, byte for byte.
 *
 * <p>Nothing is normalised: the image is built reproducibly (fixed times and modes, a stored jar), so the
 * manifest and layer digests in the golden JSON are the image's own. When they differ, the test says whether the
 * report differs only in digests (the image bytes changed: another umoci, another builder) or in substance.
 *
 * <p>To rewrite the golden files after a deliberate change, run with {@code -Dberth.updateGolden=true} and review
 * the diff; the test then fails once, so that a rewrite never passes unnoticed.
 */
class ScanGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/scan");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;
  static UmociImage image;
  static List<String> feeds;
  static Path dataDir;

  @BeforeAll
  static void packImageAndFeeds() throws IOException {
    image = GoldenImage.pack(work.resolve("layout"), work);
    Path dir = Files.createDirectories(work.resolve("feeds"));
    Map<String, String> files = new LinkedHashMap<>();
    files.put("debian.json", GoldenFeeds.DEBIAN_TRACKER);
    files.put("DSA-5611-1.json", GoldenFeeds.OSV_DEBIAN_DSA);
    files.put("GHSA-jfh8-c2jp-5v3q.json", GoldenFeeds.OSV_MAVEN_LOG4J);
    files.put("GHSA-8q59-q68h-6hv4.json", GoldenFeeds.OSV_PYPI_PYYAML);
    files.put("GHSA-vh95-rmgr-6w4m.json", GoldenFeeds.OSV_NPM_MINIMIST);
    files.put("GHSA-35jh-r3h4-6jhm.json", GoldenFeeds.OSV_NPM_LODASH);
    files.put("v3.18-main.json", GoldenFeeds.ALPINE_SECDB);
    feeds = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      feeds.add(Files.writeString(dir.resolve(f.getKey()), f.getValue()).toString());
    }
    Path bundle = work.resolve("advisories.bundle");
    List<String> export = new ArrayList<>(List.of("vulndb", "export", "--out", bundle.toString()));
    export.addAll(feeds);
    expectExit(0, Berth.run(export.toArray(String[]::new)));
    dataDir = work.resolve("data");
    expectExit(0, Berth.run("vulndb", "import", bundle.toString(), "--data-dir", dataDir.toString()));
  }

  @Test
  void scanJson_withEachFeedFile_isTheGoldenReport() throws IOException {
    Berth.Run run = scan("--advisories", String.join(",", feeds), "--format", "json");

    assertGolden("debian-image.json", run.out());
  }

  @Test
  void scanTable_withEachFeedFile_isTheGoldenTable() throws IOException {
    Berth.Run run = scan("--advisories", String.join(",", feeds));

    assertGolden("debian-image.txt", run.out());
  }

  @Test
  void scanJson_withTheImportedBundle_isTheGoldenReport() throws IOException {
    Berth.Run run = scan("--data-dir", dataDir.toString(), "--format", "json");

    assertGolden("debian-image.json", run.out());
  }

  @Test
  void scanTable_withTheImportedBundle_isTheGoldenTable() throws IOException {
    Berth.Run run = scan("--data-dir", dataDir.toString(), "--format", "table");

    assertGolden("debian-image.txt", run.out());
  }

  /** What the golden report must show, spelled out so that a rewritten golden file cannot lose it unseen. */
  @Test
  void goldenReport_showsLayersSourcesSeveritiesAndFixes() throws IOException {
    JsonNode report = JSON.readTree(scan("--advisories", String.join(",", feeds), "--format", "json").out());
    List<String> layers = image.layerDigests();

    Map<String, String> introducedIn = new TreeMap<>();
    report.path("packages").properties().forEach(p -> introducedIn.put(p.getValue().path("name").asText(),
        report.path("environments").path(p.getKey()).path(0).path("introduced_in").asText()));
    Map<String, String> expected = new TreeMap<>();
    List.of("base-files", "bash", "curl", "libc-bin", "libc6", "libcurl4", "libssl3", "zlib1g")
        .forEach(p -> expected.put(p, layers.get(0)));
    List.of("org.apache.logging.log4j:log4j-core", "pyyaml", "minimist")
        .forEach(p -> expected.put(p, layers.get(1)));
    assertThat(report.path("manifest_hash").asText()).isEqualTo(image.manifestDigest());
    assertThat(introducedIn).as("no tar (deleted by rewriting the status), no lodash (whited out)")
        .containsExactlyEntriesOf(expected);

    Map<String, String> findings = new TreeMap<>();
    report.path("package_vulnerabilities").properties().forEach(pv -> pv.getValue().forEach(v -> {
      JsonNode vuln = report.path("vulnerabilities").path(v.asText());
      JsonNode pkg = report.path("packages").path(pv.getKey());
      String fixedIn = vuln.path("fixed_in_version").asText();
      findings.put(pkg.path("name").asText() + " " + vuln.path("name").asText(),
          vuln.path("package").path("name").asText() + " " + vuln.path("normalized_severity").asText() + " "
              + (fixedIn.isEmpty() ? "unfixed" : fixedIn));
    }));
    assertThat(findings).containsExactlyEntriesOf(new TreeMap<>(Map.ofEntries(
        Map.entry("bash CVE-2022-3715", "bash Low unfixed"),
        Map.entry("curl CVE-2024-2398", "curl High 7.88.1-10+deb12u6"),
        Map.entry("libcurl4 CVE-2024-2398", "curl High 7.88.1-10+deb12u6"),
        Map.entry("libc-bin CVE-2023-6246", "glibc Critical 2.36-9+deb12u4"),
        Map.entry("libc-bin DSA-5611-1", "glibc Unknown 2.36-9+deb12u4"),
        Map.entry("libc6 CVE-2023-6246", "glibc Critical 2.36-9+deb12u4"),
        Map.entry("libc6 DSA-5611-1", "glibc Unknown 2.36-9+deb12u4"),
        Map.entry("libssl3 CVE-2023-5678", "openssl High unfixed"),
        Map.entry("libssl3 CVE-2024-0727", "openssl Medium 3.0.13-1~deb12u1"),
        Map.entry("zlib1g CVE-2023-45853", "zlib Unknown unfixed"),
        Map.entry("org.apache.logging.log4j:log4j-core GHSA-jfh8-c2jp-5v3q",
            "org.apache.logging.log4j:log4j-core Critical 2.15.0"),
        Map.entry("pyyaml GHSA-8q59-q68h-6hv4", "PyYAML Critical 5.4"),
        Map.entry("minimist GHSA-vh95-rmgr-6w4m", "minimist Medium 1.2.3"))));
  }

  private static Berth.Run scan(String... options) {
    List<String> args = new ArrayList<>(List.of("scan", image.reference()));
    args.addAll(List.of(options));
    Berth.Run run = Berth.run(args.toArray(String[]::new));
    expectExit(0, run);
    assertThat(run.err()).as("no warnings").isEmpty();
    return run;
  }

  private static void expectExit(int exit, Berth.Run run) {
    assertThat(run.exit()).as(run.describe()).isEqualTo(exit);
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("berth.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
      throw new AssertionError(file + " rewritten: review the diff, then run again without berth.updateGolden");
    }
    assertThat(file).as("golden file (create it with -Dberth.updateGolden=true)").isRegularFile();
    String golden = Files.readString(file);
    if (!golden.equals(actual)) {
      assertThat(withoutDigests(actual)).as("the report, digests aside, against " + file)
          .isEqualTo(withoutDigests(golden));
      assertThat(actual).as("the report differs from " + file + " only in digests: the image bytes are not "
          + "those the golden file was made from (another umoci version or a changed image builder)")
          .isEqualTo(golden);
    }
  }

  /** Digests in order of first appearance, as {@code <digest 1>}, {@code <digest 2>}, … */
  private static String withoutDigests(String text) {
    Map<String, String> names = new LinkedHashMap<>();
    Matcher m = DIGEST.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = names.computeIfAbsent(m.group(), d -> "<digest " + (names.size() + 1) + ">");
      m.appendReplacement(out, Matcher.quoteReplacement(name));
    }
    m.appendTail(out);
    return out.toString();
  }
}
