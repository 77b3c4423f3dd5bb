package dev.berth.scanner.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryBundleTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07.890Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  private List<Path> feeds;
  private Path bundle;

  @BeforeEach
  void export() throws IOException {
    Path osvDir = Files.createDirectories(tmp.resolve("osv-records"));
    Files.writeString(osvDir.resolve("GHSA-1.json"), OsvFiles.record("GHSA-1", "npm", "left-pad", "1.3.0"));
    Path zip = OsvFiles.zip(tmp.resolve("all.zip"), Map.of("PYSEC-1.json",
        OsvFiles.record("PYSEC-1", "PyPI", "django", "4.2.1")));
    feeds = List.of(Resources.path("debian-tracker.json"), Resources.path("alpine-secdb.json"),
        Resources.path("osv-record.json"), zip, osvDir);
    bundle = tmp.resolve("advisories.bundle");
    AdvisoryBundle.export(feeds, bundle, CLOCK);
  }

  @Test
  void exportThenLoad_yieldsTheSameAdvisoriesAsTheFeeds() throws IOException {
    AdvisoryDb direct = AdvisoryDb.load(feeds);
    AdvisoryDb loaded = AdvisoryBundle.load(bundle);

    assertThat(loaded.advisories()).isEqualTo(direct.advisories()).hasSize(8);
    assertThat(Feeds.detect(bundle)).isEqualTo(FeedKind.BERTH_BUNDLE);
    assertThat(AdvisoryDb.load(List.of(bundle)).advisories()).isEqualTo(direct.advisories());
  }

  @Test
  void manifest_recordsSourcesFingerprintsSumsAndCounts() throws IOException {
    BundleManifest m = AdvisoryBundle.verify(bundle);

    assertThat(m.formatVersion()).isEqualTo(1);
    assertThat(m.created()).isEqualTo(Instant.parse("2025-03-04T05:06:07Z"));
    assertThat(m.sources()).extracting(BundleManifest.Source::kind).containsExactly(FeedKind.DEBIAN_TRACKER,
        FeedKind.ALPINE_SECDB, FeedKind.OSV_RECORD, FeedKind.OSV_ZIP, FeedKind.OSV_ZIP);
    assertThat(m.sources()).extracting(BundleManifest.Source::fileName).containsExactly("debian-tracker.json",
        "alpine-secdb.json", "osv-record.json", "all.zip", "osv-records");
    BundleManifest.Source tracker = m.sources().getFirst();
    String fileSum = Digests.of(Files.readAllBytes(Resources.path("debian-tracker.json")));
    assertThat(tracker.fingerprint()).isEqualTo("sha256:" + fileSum);
    assertThat(tracker.sha256()).isEqualTo(fileSum);
    assertThat(tracker.payload()).isEqualTo("payloads/1-debian-tracker.json");
    assertThat(tracker.records()).isEqualTo(3);
    assertThat(tracker.advisories()).isEqualTo(2);
    BundleManifest.Source dir = m.sources().get(4);
    assertThat(dir.payload()).isEqualTo("payloads/5-osv-records.zip");
    assertThat(dir.fingerprint()).isNotEqualTo("sha256:" + dir.sha256());
    try (ZipFile z = new ZipFile(bundle.toFile())) {
      assertThat(z.stream().map(ZipEntry::getName)).containsExactly("manifest.json", "manifest.sha256",
          "payloads/1-debian-tracker.json", "payloads/2-alpine-secdb.json", "payloads/3-osv-record.json",
          "payloads/4-all.zip", "payloads/5-osv-records.zip");
    }
  }

  @Test
  void aChangedPayloadByte_failsVerification_namingThePayload() throws IOException {
    rewrite(entries -> {
      byte[] b = entries.get("payloads/2-alpine-secdb.json").clone();
      int i = new String(b, StandardCharsets.ISO_8859_1).indexOf("3.1.4-r1");
      b[i + 4] = '5';
      entries.put("payloads/2-alpine-secdb.json", b);
      return entries;
    });
    assertThatThrownBy(() -> AdvisoryBundle.load(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("payloads/2-alpine-secdb.json does not match the manifest");
  }

  @Test
  void aFlippedByteInTheBundleFile_failsVerification_namingThePayload() throws IOException {
    byte[] file = Files.readAllBytes(bundle);
    int at = indexOf(file, "PYSEC-1".getBytes(StandardCharsets.US_ASCII));
    assertThat(at).as("the stored OSV zip payload holds the record uncompressed").isPositive();
    file[at + 2] ^= 0x01;
    Files.write(bundle, file);
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("payloads/4-all.zip");
  }

  @Test
  void aChangedManifest_failsVerification_beforeAnyPayloadIsRead() throws IOException {
    rewrite(entries -> {
      String json = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
      entries.put("manifest.json", json.replace("2025-03-04T05:06:07Z", "2025-03-04T05:06:08Z")
          .getBytes(StandardCharsets.UTF_8));
      return entries;
    });
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("manifest.json does not match manifest.sha256");
  }

  @Test
  void aManifestWhoseCountsLie_failsWhenRead_namingThePayload() throws IOException {
    rewriteManifest(json -> json.replaceFirst("\"advisories\" : 2", "\"advisories\" : 3"));
    assertThat(AdvisoryBundle.verify(bundle).sources().getFirst().advisories()).isEqualTo(3);
    assertThatThrownBy(() -> AdvisoryBundle.load(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("payloads/1-debian-tracker.json: manifest says 3 records and 3 advisories");
  }

  @Test
  void anUnsupportedFormatVersion_isRejectedClearly() throws IOException {
    rewriteManifest(json -> json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("unsupported bundle format version 2");
  }

  @Test
  void aMissingPayload_failsVerification_namingIt() throws IOException {
    rewrite(entries -> {
      entries.remove("payloads/3-osv-record.json");
      return entries;
    });
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("payloads/3-osv-record.json is listed in the manifest but missing");
  }

  @Test
  void aMissingManifestSum_failsVerification() throws IOException {
    rewrite(entries -> {
      entries.remove("manifest.sha256");
      return entries;
    });
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("bundle has no manifest.sha256");
  }

  @Test
  void anUnlistedFile_failsVerification_namingIt() throws IOException {
    rewrite(entries -> {
      entries.put("payloads/9-extra.json", "{}".getBytes(StandardCharsets.UTF_8));
      return entries;
    });
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("payloads/9-extra.json is not listed in the manifest");
  }

  @Test
  void aTruncatedBundle_isNotAReadableZip() throws IOException {
    byte[] file = Files.readAllBytes(bundle);
    Files.write(bundle, java.util.Arrays.copyOf(file, file.length / 2));
    assertThatThrownBy(() -> AdvisoryBundle.verify(bundle))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("advisories.bundle");
  }

  @Test
  void export_isAtomic_andLeavesNoTemporaryFiles_whenAFeedIsBad() throws IOException {
    Path out = tmp.resolve("out.bundle");
    Files.writeString(out, "previous bundle");
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"document\": {}}");
    assertThatThrownBy(() -> AdvisoryBundle.export(List.of(Resources.path("osv-record.json"), bad), out, CLOCK))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("bad.json");
    assertThat(out).hasContent("previous bundle");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".berth-"));
    }
  }

  @Test
  void export_refusesToNestBundles() {
    assertThatThrownBy(() -> AdvisoryBundle.export(List.of(bundle), tmp.resolve("nested"), CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a bundle");
  }

  /** Rewrites the bundle with changed entries, as someone editing it with a zip tool would. */
  private void rewrite(UnaryOperator<Map<String, byte[]>> change) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(bundle.toFile())) {
      for (ZipEntry e : z.stream().toList()) {
        try (InputStream in = z.getInputStream(e)) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    }
    Map<String, byte[]> changed = change.apply(entries);
    try (OutputStream out = Files.newOutputStream(bundle); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : changed.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
  }

  /** Changes the manifest and writes a matching manifest.sha256, as a careful forger would. */
  private void rewriteManifest(UnaryOperator<String> change) throws IOException {
    rewrite(entries -> {
      byte[] json = change.apply(new String(entries.get("manifest.json"), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      entries.put("manifest.json", json);
      entries.put("manifest.sha256", (Digests.of(json) + "  manifest.json\n").getBytes(StandardCharsets.US_ASCII));
      return entries;
    });
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    List<Integer> hits = new ArrayList<>();
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      hits.add(i);
    }
    return hits.isEmpty() ? -1 : hits.getFirst();
  }
}
