package dev.berth.scanner.index;

import static dev.berth.scanner.index.TestLayers.DEBIAN_12;
import static dev.berth.scanner.layer.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import dev.berth.scanner.os.OsFinders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Clair v4 IndexReport shape, pinned by a golden file for a small two-layer image. */
class ClairIndexReportJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOLDEN = "clair-index-report.golden.json";

  /** A stand-in language finder: each line of {@code *.jar.list} is {@code group:artifact version}. */
  private static final PackageFinder JARS = new PackageFinder() {
    @Override
    public String name() {
      return "jar-list";
    }

    @Override
    public boolean wants(LayerEntry entry) {
      return entry.path().endsWith(".jar.list");
    }

    @Override
    public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
        throws IOException {
      for (String line : new String(content.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.split(" ");
        sink.addPackage(InstalledPackage.of(f[0], f[1], Ecosystem.MAVEN,
            entry.path() + "!/META-INF/maven/" + f[0].replace(':', '/') + "/pom.properties"));
      }
    }
  };

  static IndexReport smallImage() throws IOException {
    String status = """
        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Source: glibc
        Version: 2.36-9+deb12u4
        
        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl (3.0.11-1~deb12u2)
        Version: 3.0.11-1~deb12u2+b1
        
        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b2
        
        Package: tzdata
        Status: install ok installed
        Architecture: all
        Version: 2024a-0+deb12u1
        """;
    byte[] base = tar().file("etc/os-release", DEBIAN_12).file("var/lib/dpkg/status", status).plain();
    byte[] app = tar().file("var/lib/dpkg/status", status.substring(0, status.indexOf("Package: tzdata")))
        .file("app/lib.jar.list", "org.slf4j:slf4j-api 2.0.9\ncom.fasterxml.jackson.core:jackson-core 2.15.2")
        .file("opt/tool.jar.list", "org.slf4j:slf4j-api 2.0.9").plain();
    List<LayerSource> layers = List.of(
        LayerSource.of("sha256:" + "1".repeat(64), "application/vnd.oci.image.layer.v1.tar",
            () -> new ByteArrayInputStream(base)),
        LayerSource.of("sha256:" + "2".repeat(64), "application/vnd.oci.image.layer.v1.tar",
            () -> new ByteArrayInputStream(app)));
    List<PackageFinder> finders = new ArrayList<>(OsFinders.all());
    finders.add(JARS);
    return new ImageIndexer(finders).index("sha256:" + "f".repeat(64), layers);
  }

  @Test
  void write_smallImage_matchesTheGoldenClairReport() throws IOException {
    String json = ClairIndexReportJson.toJson(smallImage());

    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      golden = JSON.readTree(in);
    }
    assertThat(JSON.readTree(json)).isEqualTo(golden);
  }

  @Test
  void write_failedReport_hasClairErrorState() throws IOException {
    IndexReport failed = IndexReport.failed("sha256:" + "e".repeat(64), "scan limit maxEntries=10 exceeded");

    JsonNode json = JSON.readTree(ClairIndexReportJson.toJson(failed));

    assertThat(json.get("state").asText()).isEqualTo("IndexError");
    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(json.get("err").asText()).isEqualTo("scan limit maxEntries=10 exceeded");
    assertThat(json.get("packages").isEmpty()).isTrue();
    assertThat(json.get("distributions").isEmpty()).isTrue();
  }

  @Test
  void write_imageWithoutDistribution_leavesDistributionIdsEmpty() throws IOException {
    IndexReport report = IndexReport.finished("sha256:" + "d".repeat(64), Optional.empty(), List.of(
        new IndexedPackage(InstalledPackage.of("musl", "1.2.4-r2", Ecosystem.ALPINE, "lib/apk/db/installed"),
            "sha256:" + "3".repeat(64))));

    JsonNode env = JSON.readTree(ClairIndexReportJson.toJson(report)).get("environments").get("1").get(0);

    assertThat(env.get("distribution_id").asText()).isEmpty();
    assertThat(env.get("repository_ids").isEmpty()).isTrue();
  }

  @Test
  void write_languagePackages_carryTheRepositoriesClaircoresIndexersGive() throws IOException {
    String layer = "sha256:" + "4".repeat(64);
    IndexReport report = IndexReport.finished("sha256:" + "d".repeat(64), Optional.empty(), List.of(
        new IndexedPackage(InstalledPackage.of("minimist", "1.2.0", Ecosystem.NPM, "n/package.json"), layer),
        new IndexedPackage(InstalledPackage.of("pyyaml", "5.3.1", Ecosystem.PYPI, "p/METADATA"), layer),
        new IndexedPackage(InstalledPackage.of("golang.org/x/net", "v0.1.0", Ecosystem.GO, "bin/app"), layer)));

    JsonNode json = JSON.readTree(ClairIndexReportJson.toJson(report));

    assertThat(json.get("repository").findValuesAsText("uri"))
        .containsExactly("https://registry.npmjs.org/", "https://pypi.org/simple", "https://pkg.go.dev/");
    assertThat(json.at("/environments/1/0/repository_ids/0").asText()).isEqualTo("1");
    assertThat(json.at("/repository/1/name").asText()).isEqualTo("npm");
  }
}
