package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code berth scan} as a CI pipeline uses it: the report on standard output, one-line errors on standard error,
 * and the exit status (0 clean, 1 a finding at or above {@code --fail-on}, 2 an error).
 */
class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path work;
  static UmociImage image;
  static Path tracker;

  @BeforeAll
  static void packImage() throws Exception {
    image = UmociImage.create(work.resolve("layout"), "latest", "amd64", work)
        .layer(rootfs -> {
          Files.createDirectories(rootfs.resolve("etc"));
          Files.writeString(rootfs.resolve("etc/os-release"), TestFeeds.DEBIAN_12_OS_RELEASE);
          Files.createDirectories(rootfs.resolve("var/lib/dpkg"));
          Files.writeString(rootfs.resolve("var/lib/dpkg/status"), """
              Package: bash
              Status: install ok installed
              Architecture: amd64
              Source: bash (5.2.15-2)
              Version: 5.2.15-2+b2

              Package: libssl3
              Status: install ok installed
              Architecture: amd64
              Source: openssl
              Version: 3.0.11-1~deb12u2
              """);
        })
        .layer(rootfs -> {
          Path pkg = rootfs.resolve("usr/lib/node_modules/minimist");
          Files.createDirectories(pkg);
          Files.writeString(pkg.resolve("package.json"), "{\"name\": \"minimist\", \"version\": \"1.2.0\"}\n");
        });
    // the gravest finding is Medium: unimportant (Low) for bash, low (Medium, Clair's shift) for openssl
    tracker = Files.writeString(work.resolve("tracker.json"), """
        {"bash": {"CVE-2022-3715": {"description": "bash: a heap-buffer-overflow in valid_parameter_transform",
                                    "releases": {"bookworm": {"status": "open", "urgency": "unimportant"}}}},
         "openssl": {"CVE-2024-0727": {"description": "openssl: a NULL dereference in PKCS12 parsing",
                                       "releases": {"bookworm": {"status": "resolved",
                                                                 "fixed_version": "3.0.13-1~deb12u1",
                                                                 "urgency": "low"}}}}}
        """);
  }

  @Test
  void scan_formatJson_writesTheReportToTheCommandsOutput() throws Exception {
    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--format", "json");

    assertThat(run.exit()).as(run.describe()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.path("manifest_hash").asText()).isEqualTo(image.manifestDigest());
    assertThat(report.path("vulnerabilities").size()).isEqualTo(2);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void scan_formatJson_namesTheLayerThatIntroducedEachPackage() throws Exception {
    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--format", "json");

    JsonNode report = JSON.readTree(run.out());
    List<String> layers = image.layerDigests();
    Map<String, String> introducedIn = new TreeMap<>();
    report.path("packages").properties().forEach(p -> introducedIn.put(p.getValue().path("name").asText(),
        report.path("environments").path(p.getKey()).path(0).path("introduced_in").asText()));
    assertThat(introducedIn).containsExactlyEntriesOf(new TreeMap<>(
        Map.of("bash", layers.get(0), "libssl3", layers.get(0), "minimist", layers.get(1))));
  }

  @ParameterizedTest(name = "--fail-on {0} -> exit {1}")
  @CsvSource({"critical, 0", "high, 0", "HIGH, 0", "medium, 1", "Low, 1", "negligible, 1"})
  void scan_failOn_exitsOneOnlyWhenAFindingIsAtLeastThatGrave(String threshold, int exit) {
    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--fail-on",
        threshold);

    assertThat(run.exit()).as(run.describe()).isEqualTo(exit);
    assertThat(run.out()).contains("CVE-2024-0727").contains("2 vulnerabilities in 2 packages (of 3 scanned)");
  }

  @Test
  void scan_withoutFailOn_exitsZeroWhateverItFinds() {
    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", tracker.toString());

    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.out()).contains("Medium");
  }

  @Test
  void scan_failOnCritical_exitsOneForACriticalFinding() throws Exception {
    Path critical = Files.writeString(work.resolve("critical.json"), """
        {"bash": {"CVE-2024-0001": {"releases": {"bookworm": {"status": "open", "urgency": "high"}}}}}
        """);

    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", critical.toString(), "--fail-on",
        "critical");

    assertThat(run.exit()).as(run.describe()).isEqualTo(1);
    assertThat(run.out()).contains("CVE-2024-0001").contains("Critical");
  }

  @Test
  void scan_aFinderWarning_isABerthWarningLine_notALogLine() throws Exception {
    // Regression: a malformed rpm database was reported as "…Z WARN RpmPackageFinder …" on standard error.
    UmociImage rpm = UmociImage.create(work.resolve("rpm-layout"), "latest", "amd64",
        Files.createDirectories(work.resolve("rpm-work"))).layer(rootfs -> {
      Files.createDirectories(rootfs.resolve("var/lib/rpm"));
      Files.writeString(rootfs.resolve("var/lib/rpm/Packages"), "this is no rpm database\n");
    });

    Berth.Run run = Berth.run("scan", rpm.reference(), "--advisories", tracker.toString());

    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.err().lines().toList()).as(run.describe()).singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("berth: warning: rpm database is malformed").contains("path=var/lib/rpm/Packages");
  }

  @Test
  void scan_badFormat_isAOneLineErrorWithExitTwo() {
    assertOneLineError(Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--format",
        "yaml"),
        "--format must be table or json");
  }

  @Test
  void scan_badSeverity_isAOneLineErrorWithExitTwo() {
    assertOneLineError(Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--fail-on",
        "severe"), "--fail-on must be unknown, negligible, low, medium, high or critical, not 'severe'");
  }

  @Test
  void scan_emptySeverity_isAOneLineErrorWithExitTwo() {
    assertOneLineError(Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--fail-on", ""),
        "--fail-on must be unknown, negligible, low, medium, high or critical, not ''");
  }

  @Test
  void scan_unknownAsThreshold_failsOnAnyFinding() {
    var run = Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--fail-on", "unknown");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void scan_missingLayout_isAOneLineErrorWithExitTwo() {
    Path missing = work.resolve("no-such-layout");

    assertOneLineError(Berth.run("scan", missing.toString(), "--advisories", tracker.toString()),
        missing + " is not an OCI image layout: no such directory");
  }

  @Test
  void scan_directoryThatIsNoLayout_isAOneLineErrorWithExitTwo() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty-dir"));

    assertOneLineError(Berth.run("scan", empty.toString(), "--advisories", tracker.toString()),
        empty + " is not an OCI image layout: it has no oci-layout file");
  }

  @Test
  void scan_unknownTag_isAOneLineErrorNamingTheTags() {
    assertOneLineError(Berth.run("scan", image.layout() + ":nope", "--advisories", tracker.toString()),
        "no manifest tagged 'nope' in " + image.layout() + "; tags: [latest]");
  }

  @Test
  void scan_noAdvisoriesAndNothingImported_isAOneLineErrorWithExitTwo() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("empty-data"));

    assertOneLineError(Berth.run("scan", image.reference(), "--data-dir", dataDir.toString()),
        "no advisories: pass --advisories FILE or run 'berth vulndb import FILE'");
  }

  @Test
  void scan_missingAdvisoryFile_isAOneLineErrorNamingIt() {
    Path missing = work.resolve("missing.json");

    assertOneLineError(Berth.run("scan", image.reference(), "--advisories", missing.toString()),
        missing + ": no such file or directory");
  }

  @Test
  void scan_fileThatIsNoFeed_isAOneLineErrorNamingIt() throws Exception {
    Path notAFeed = Files.writeString(work.resolve("notes.json"), "{\"hello\": \"world\"}");

    assertOneLineError(Berth.run("scan", image.reference(), "--advisories", notAFeed.toString()),
        "notes.json: not a feed Berth reads");
  }

  @Test
  void scan_malformedFeed_isAOneLineErrorSayingWhatIsWrongOnce() throws Exception {
    Path broken = Files.writeString(work.resolve("broken.json"), "{\"id\": \"GHSA-1\", \"affected\": [");

    Berth.Run run = Berth.run("scan", image.reference(), "--advisories", broken.toString());

    assertOneLineError(run, "berth: broken.json: malformed JSON: Unexpected end-of-input");
    assertThat(run.err()).containsOnlyOnce("end-of-input");
  }

  @Test
  void scan_aTruncatedLayer_isAOneLineErrorSayingSoOnce() throws Exception {
    // Regression: the error ended "tar entry truncated: tar entry truncated".
    UmociImage truncated = UmociImage.create(work.resolve("truncated-layout"), "latest", "amd64",
        Files.createDirectories(work.resolve("truncated-work"))).layer(rootfs -> { });
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      TarArchiveEntry status = new TarArchiveEntry("var/lib/dpkg/status");
      status.setSize(4000);
      out.putArchiveEntry(status);
      out.write(new byte[4000]);
      out.closeArchiveEntry();
    }
    String layer = replaceOnlyLayer(truncated, Arrays.copyOf(tar.toByteArray(), 512 + 1000));

    Berth.Run run = Berth.run("scan", truncated.reference(), "--advisories", tracker.toString());

    assertOneLineError(run, "layer " + layer + " (none, application/vnd.oci.image.layer.v1.tar): tar entry "
        + "truncated");
    assertThat(run.err()).containsOnlyOnce("truncated");
  }

  @Test
  void scan_malformedPlatform_isAOneLineErrorWithExitTwo() {
    assertOneLineError(Berth.run("scan", image.reference(), "--advisories", tracker.toString(), "--platform",
        "amd64"), "platform must be os/architecture[/variant]: amd64");
  }

  /** Makes {@code blob} the image's only layer, as an uncompressed tar; returns its digest. */
  private static String replaceOnlyLayer(UmociImage image, byte[] blob) throws Exception {
    String layer = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
    Files.write(image.blob(layer), blob);
    ObjectNode manifest = (ObjectNode) JSON.readTree(image.blob(image.manifestDigest()).toFile());
    manifest.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
        .put("digest", layer).put("size", blob.length);
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Files.write(image.blob(digest), bytes);
    ObjectNode index = (ObjectNode) JSON.readTree(image.layout().resolve("index.json").toFile());
    ((ObjectNode) index.path("manifests").get(0)).put("digest", digest).put("size", bytes.length);
    JSON.writeValue(image.layout().resolve("index.json").toFile(), index);
    return layer;
  }

  private static void assertOneLineError(Berth.Run run, String message) {
    assertThat(run.exit()).as(run.describe()).isEqualTo(2);
    assertThat(run.out()).as(run.describe()).isEmpty();
    assertThat(run.err().lines().toList()).as(run.describe()).singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("berth: ").contains(message);
  }
}
