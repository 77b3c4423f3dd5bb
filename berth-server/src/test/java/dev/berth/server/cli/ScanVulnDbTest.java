package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.advisory.AdvisoryDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth vulndb export} and {@code import}: the air-gapped path. An import installs only a bundle that
 * verifies and reads completely, and a refused import leaves the previous one in place.
 */
class ScanVulnDbTest {
  @TempDir Path tmp;
  private List<Path> feeds;
  private Path bundle;
  private Path dataDir;

  @BeforeEach
  void exportBundle() throws IOException {
    Path osvDir = Files.createDirectories(tmp.resolve("osv"));
    Files.writeString(osvDir.resolve("GHSA-vh95-rmgr-6w4m.json"), GoldenFeeds.OSV_NPM_MINIMIST);
    Files.writeString(osvDir.resolve("GHSA-35jh-r3h4-6jhm.json"), GoldenFeeds.OSV_NPM_LODASH);
    feeds = List.of(Files.writeString(tmp.resolve("debian.json"), GoldenFeeds.DEBIAN_TRACKER),
        Files.writeString(tmp.resolve("DSA-5611-1.json"), GoldenFeeds.OSV_DEBIAN_DSA),
        Files.writeString(tmp.resolve("v3.18-main.json"), GoldenFeeds.ALPINE_SECDB), osvDir);
    bundle = tmp.resolve("advisories.bundle");
    dataDir = tmp.resolve("data");
    Berth.Run export = Berth.run(args("vulndb", "export", "--out", bundle.toString()));
    assertThat(export.exit()).as(export.describe()).isZero();
  }

  @Test
  void export_listsEverySourceWithItsCountsAndFingerprint() throws IOException {
    Berth.Run export = Berth.run(args("vulndb", "export", "--out", tmp.resolve("again.bundle").toString()));

    List<String> lines = export.out().lines().toList();
    assertThat(lines.get(0)).startsWith("exported " + tmp.resolve("again.bundle") + " (created ");
    assertThat(lines.get(1)).matches("KIND +SOURCE +RECORDS +ADVISORIES +FINGERPRINT");
    assertThat(lines.subList(2, lines.size())).satisfiesExactly(
        l -> assertThat(l).matches("DEBIAN_TRACKER +debian\\.json +9 +9 +sha256:" + sha256(feeds.get(0))),
        l -> assertThat(l).matches("OSV_RECORD +DSA-5611-1\\.json +1 +1 +sha256:" + sha256(feeds.get(1))),
        l -> assertThat(l).matches("ALPINE_SECDB +v3\\.18-main\\.json +4 +4 +sha256:[0-9a-f]{64}"),
        l -> assertThat(l).matches("OSV_ZIP +osv +2 +2 +sha256:[0-9a-f]{64}"));
  }

  @Test
  void exportThenImport_installsTheBundleWhoseAdvisoriesAreTheFeeds() throws IOException {
    Berth.Run run = Berth.run("vulndb", "import", bundle.toString(), "--data-dir", dataDir.toString());

    assertThat(run.exit()).as(run.describe()).isZero();
    Path installed = installed();
    assertThat(run.out()).startsWith("imported " + bundle + " into " + installed + " (created ");
    assertThat(Files.readAllBytes(installed)).isEqualTo(Files.readAllBytes(bundle));
    assertThat(AdvisoryDb.load(List.of(installed)).advisories())
        .isEqualTo(AdvisoryDb.load(feeds).advisories())
        .hasSize(16);
    assertThat(leftovers()).containsExactly(installed);
  }

  @Test
  void exportThenImport_ofAGzippedFeed_installsItsAdvisories() throws IOException {
    Path gzipped = tmp.resolve("debian.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      out.write(GoldenFeeds.DEBIAN_TRACKER.getBytes(StandardCharsets.UTF_8));
    }
    Path gzBundle = tmp.resolve("gz.bundle");
    Berth.Run export = Berth.run("vulndb", "export", "--out", gzBundle.toString(), gzipped.toString());
    assertThat(export.exit()).as(export.describe()).isZero();

    Berth.Run run = Berth.run("vulndb", "import", gzBundle.toString(), "--data-dir", dataDir.toString());

    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(AdvisoryDb.load(List.of(installed())).advisories())
        .isEqualTo(AdvisoryDb.load(List.of(gzipped)).advisories())
        .hasSize(9);
  }

  @Test
  void import_ofABundleWithAFlippedPayloadByte_isRefusedAndKeepsThePreviousImport() throws IOException {
    byte[] previous = importOnce();
    Path tampered = tmp.resolve("tampered.bundle");
    byte[] bytes = Files.readAllBytes(bundle);
    int at = dataOffset(bytes, "payloads/4-osv.zip") + 100;
    bytes[at] ^= 0x20;
    Files.write(tampered, bytes);

    Berth.Run run = Berth.run("vulndb", "import", tampered.toString(), "--data-dir", dataDir.toString());

    assertRefused(run, "payloads/4-osv.zip does not match the manifest", previous);
  }

  @Test
  void import_ofABundleWithAFlippedByteInACompressedPayload_isRefused() throws IOException {
    byte[] previous = importOnce();
    Path tampered = tmp.resolve("tampered.bundle");
    byte[] bytes = Files.readAllBytes(bundle);
    int at = dataOffset(bytes, "payloads/1-debian.json") + 40;
    bytes[at] ^= 0x01;
    Files.write(tampered, bytes);

    Berth.Run run = Berth.run("vulndb", "import", tampered.toString(), "--data-dir", dataDir.toString());

    assertRefused(run, "payloads/1-debian.json", previous);
  }

  @Test
  void import_ofABundleWhoseManifestWasEdited_isRefused() throws IOException {
    byte[] previous = importOnce();
    Path tampered = rewrite(entries -> {
      byte[] manifest = edit(entries.get("manifest.json"), "\"advisories\" : 9", "\"advisories\" : 10");
      entries.put("manifest.json", manifest);
      return entries;
    });

    Berth.Run run = Berth.run("vulndb", "import", tampered.toString(), "--data-dir", dataDir.toString());

    assertRefused(run, "manifest.json does not match manifest.sha256", previous);
  }

  @Test
  void import_ofABundleWhoseManifestCountsLieUnderAMatchingSum_isRefused() throws IOException {
    byte[] previous = importOnce();
    Path tampered = rewrite(entries -> {
      byte[] manifest = edit(entries.get("manifest.json"), "\"advisories\" : 9", "\"advisories\" : 10");
      entries.put("manifest.json", manifest);
      entries.put("manifest.sha256", (sha256(manifest) + "  manifest.json\n").getBytes(StandardCharsets.US_ASCII));
      return entries;
    });

    Berth.Run run = Berth.run("vulndb", "import", tampered.toString(), "--data-dir", dataDir.toString());

    assertRefused(run, "payloads/1-debian.json: manifest says 9 records and 10 advisories", previous);
  }

  @Test
  void import_ofABundleWithAnExtraFile_isRefused() throws IOException {
    byte[] previous = importOnce();
    Path tampered = rewrite(entries -> {
      entries.put("payloads/9-extra.json", "{}".getBytes(StandardCharsets.UTF_8));
      return entries;
    });

    Berth.Run run = Berth.run("vulndb", "import", tampered.toString(), "--data-dir", dataDir.toString());

    assertRefused(run, "payloads/9-extra.json is not listed in the manifest", previous);
  }

  @Test
  void import_ofAFeedFileThatIsNoBundle_isRefused() throws IOException {
    byte[] previous = importOnce();

    Berth.Run run = Berth.run("vulndb", "import", feeds.get(0).toString(), "--data-dir", dataDir.toString());

    assertRefused(run, "debian.json: not a readable bundle zip", previous);
  }

  @Test
  void import_ofAMissingFile_isAOneLineError() throws IOException {
    Path missing = tmp.resolve("missing.bundle");

    Berth.Run run = Berth.run("vulndb", "import", missing.toString(), "--data-dir", dataDir.toString());

    assertThat(run.exit()).as(run.describe()).isEqualTo(2);
    assertThat(run.err().lines().toList()).singleElement(InstanceOfAssertFactories.STRING)
        .isEqualTo("berth: " + missing + ": no such file or directory");
    assertThat(Files.exists(installed())).isFalse();
  }

  @Test
  void export_ofAFileThatIsNoFeed_isRefusedAndWritesNothing() throws IOException {
    Path notes = Files.writeString(tmp.resolve("notes.json"), "{\"hello\": \"world\"}");
    Path out = tmp.resolve("bad.bundle");

    Berth.Run run = Berth.run("vulndb", "export", "--out", out.toString(), notes.toString());

    assertThat(run.exit()).as(run.describe()).isEqualTo(2);
    assertThat(run.err()).startsWith("berth: notes.json: not a feed Berth reads");
    assertThat(Files.exists(out)).isFalse();
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  private String[] args(String... head) {
    return Stream.concat(Stream.of(head), feeds.stream().map(Path::toString)).toArray(String[]::new);
  }

  private byte[] importOnce() throws IOException {
    Berth.Run run = Berth.run("vulndb", "import", bundle.toString(), "--data-dir", dataDir.toString());
    assertThat(run.exit()).as(run.describe()).isZero();
    return Files.readAllBytes(installed());
  }

  private void assertRefused(Berth.Run run, String message, byte[] previous) throws IOException {
    assertThat(run.exit()).as(run.describe()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).as(run.describe()).singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("berth: ").contains(message);
    assertThat(Files.readAllBytes(installed())).as("the previous import is intact").isEqualTo(previous);
    assertThat(leftovers()).containsExactly(installed());
  }

  private Path installed() {
    return dataDir.resolve("vulndb/advisories.bundle");
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(installed().getParent())) {
      return files.toList();
    }
  }

  /** Copies the bundle with its entries changed; every entry is deflated (readers accept either). */
  private Path rewrite(UnaryOperator<Map<String, byte[]>> change) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(bundle.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        try (InputStream in = zip.getInputStream(e)) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    }
    Path out = tmp.resolve("rewritten.bundle");
    try (OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> e : change.apply(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out;
  }

  private static byte[] edit(byte[] text, String from, String to) {
    String s = new String(text, StandardCharsets.UTF_8);
    assertThat(s).contains(from);
    return s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
  }

  /** Where an entry's data starts in a zip file: after its local header (APPNOTE 4.3.7). */
  private static int dataOffset(byte[] zip, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 30 + n.length <= zip.length; at++) {
      if (zip[at] == 'P' && zip[at + 1] == 'K' && zip[at + 2] == 3 && zip[at + 3] == 4
          && java.util.Arrays.equals(zip, at + 30, at + 30 + n.length, n, 0, n.length)) {
        int nameLength = (zip[at + 26] & 0xff) | (zip[at + 27] & 0xff) << 8;
        int extraLength = (zip[at + 28] & 0xff) | (zip[at + 29] & 0xff) << 8;
        return at + 30 + nameLength + extraLength;
      }
    }
    throw new AssertionError(name + " is not in the bundle");
  }

  private static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
