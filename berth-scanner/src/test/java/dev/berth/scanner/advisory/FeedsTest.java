package dev.berth.scanner.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedsTest {
  @TempDir Path tmp;

  @Test
  void detect_tellsFeedsApartByContent() throws IOException {
    assertThat(Feeds.detect(Resources.path("osv-record.json"))).isEqualTo(FeedKind.OSV_RECORD);
    assertThat(Feeds.detect(Resources.path("debian-tracker.json"))).isEqualTo(FeedKind.DEBIAN_TRACKER);
    assertThat(Feeds.detect(Resources.path("alpine-secdb.json"))).isEqualTo(FeedKind.ALPINE_SECDB);
    assertThat(Feeds.detect(tmp)).isEqualTo(FeedKind.OSV_DIRECTORY);
    Path zip = OsvFiles.zip(tmp.resolve("all.zip"), Map.of("A-1.json", OsvFiles.record("A-1", "npm", "x", "1")));
    assertThat(Feeds.detect(zip)).isEqualTo(FeedKind.OSV_ZIP);
  }

  @Test
  void read_aFeedNestedBeyondTheJsonLimit_failsNamingTheFile() throws IOException {
    // Regression: Jackson's nesting-limit error reached the user without the name of the file.
    String deep = "[".repeat(3000) + "]".repeat(3000);
    Map<String, String> feeds = new LinkedHashMap<>();
    feeds.put("deep-osv.json", "{\"id\": \"X-1\", \"affected\": " + deep + "}");
    feeds.put("deep-tracker.json", "{\"pkg\": {\"CVE-2099-1\": {\"releases\": " + deep + "}}}");
    feeds.put("deep-secdb.json", "{\"distroversion\": \"v3.18\", \"packages\": " + deep + "}");
    for (Map.Entry<String, String> feed : feeds.entrySet()) {
      Path file = Files.writeString(tmp.resolve(feed.getKey()), feed.getValue());
      assertThatThrownBy(() -> Feeds.read(file, a -> { }))
          .isInstanceOf(FeedFormatException.class)
          .hasMessageStartingWith(feed.getKey() + ": ")
          .hasMessageContaining("nesting depth");
    }
    Path zip = OsvFiles.zip(tmp.resolve("deep.zip"), Map.of("X-1.json", feeds.get("deep-osv.json")));
    assertThatThrownBy(() -> Feeds.read(zip, a -> { }))
        .isInstanceOf(FeedFormatException.class).hasMessageStartingWith("deep.zip!X-1.json: ");
  }

  @Test
  void detect_readsGzippedJson() throws IOException {
    Path gz = tmp.resolve("json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(Resources.path("debian-tracker.json")));
    }
    assertThat(Feeds.detect(gz)).isEqualTo(FeedKind.DEBIAN_TRACKER);
    List<Advisory> read = new ArrayList<>();
    Feeds.read(gz, read::add);
    assertThat(read).extracting(Advisory::id).containsExactly("CVE-2099-2001", "TEMP-0000001-ABCDEF");
  }

  @Test
  void detect_rejectsOtherJson_namingTheFile() throws IOException {
    Path csaf = Files.writeString(tmp.resolve("csaf.json"), "{\"document\": {\"category\": \"csaf_vex\"}}");
    assertThatThrownBy(() -> Feeds.detect(csaf))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("csaf.json")
        .hasMessageContaining("not a feed Berth reads");
    Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> Feeds.detect(text)).isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("notes.txt");
  }

  @Test
  void osvZip_isStreamedEntryByEntry_skippingDirectoriesAndOtherFiles() throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("GHSA-1.json", OsvFiles.record("GHSA-1", "npm", "left-pad", "1.3.0"));
    entries.put("sub/", "");
    entries.put("README.txt", "not a record");
    entries.put("sub/RUSTSEC-1.json", OsvFiles.record("RUSTSEC-1", "crates.io", "x", "1.0.0"));
    entries.put("PYSEC-1.json", OsvFiles.record("PYSEC-1", "PyPI", "Django", "4.2.1"));
    Path zip = OsvFiles.zip(tmp.resolve("all.zip"), entries);

    List<Advisory> read = new ArrayList<>();
    List<FeedSummary> summaries = Feeds.read(zip, read::add);

    assertThat(read).extracting(Advisory::id).containsExactly("GHSA-1", "PYSEC-1");
    assertThat(summaries).containsExactly(new FeedSummary("all.zip", FeedKind.OSV_ZIP, 3, 2,
        Map.of("ecosystem:crates.io", 1L, "advisory-without-supported-package", 1L)));
  }

  @Test
  void osvZip_withAMalformedRecord_failsNamingTheEntry() throws IOException {
    Path zip = OsvFiles.zip(tmp.resolve("all.zip"), Map.of("BAD-1.json", "{\"id\": \"BAD-1\", "));
    assertThatThrownBy(() -> Feeds.read(zip, a -> {}))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("all.zip!BAD-1.json");
  }

  @Test
  void osvDirectory_readsEveryJsonFileBelowIt_inPathOrder() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("osv/nested"));
    Files.writeString(tmp.resolve("osv/B-2.json"), OsvFiles.record("B-2", "Go", "example.com/m", "1.2.0"));
    Files.writeString(dir.resolve("A-1.json"), OsvFiles.record("A-1", "Maven", "g:a", "2.0"));
    Files.writeString(tmp.resolve("osv/ignore.md"), "# notes");

    List<Advisory> read = new ArrayList<>();
    List<FeedSummary> summaries = Feeds.read(tmp.resolve("osv"), read::add);

    assertThat(read).extracting(Advisory::id).containsExactly("B-2", "A-1");
    assertThat(summaries.getFirst().kind()).isEqualTo(FeedKind.OSV_DIRECTORY);
  }

  @Test
  void withdrawnOsvRecords_areCountedNotRead() throws IOException {
    Path f = Files.writeString(tmp.resolve("w.json"), OsvFiles.record("W-1", "npm", "x", "1.0.0")
        .replace("\"modified\"", "\"withdrawn\": \"2024-02-01T00:00:00Z\", \"modified\""));
    List<Advisory> read = new ArrayList<>();
    assertThat(Feeds.read(f, read::add).getFirst().ignored()).containsEntry("withdrawn", 1L);
    assertThat(read).isEmpty();
  }

  @Test
  void osvEcosystems_mapToBerthEcosystemsAndReleases() {
    assertThat(OsvReader.place("Debian:12")).hasValueSatisfying(p ->
        assertThat(p.release()).hasValue(new ReleaseKey("debian", "12")));
    assertThat(OsvReader.place("Alpine:v3.18")).hasValueSatisfying(p ->
        assertThat(p.release()).hasValue(new ReleaseKey("alpine", "v3.18")));
    assertThat(OsvReader.place("PyPI")).isPresent();
    assertThat(OsvReader.place("Debian")).isEmpty();
    assertThat(OsvReader.place("Ubuntu:22.04:LTS")).isEmpty();
    assertThat(OsvReader.place("RubyGems")).isEmpty();
  }

  @Test
  void secdbWithoutDistroversion_thatIsNotWolfi_failsClearly() throws IOException {
    Path f = Files.writeString(tmp.resolve("secdb.json"),
        "{\"reponame\": \"main\", \"packages\": []}", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Feeds.read(f, a -> {}))
        .isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("secdb.json")
        .hasMessageContaining("distroversion");
  }
}
