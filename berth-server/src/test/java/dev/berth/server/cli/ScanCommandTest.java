package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
