package dev.berth.scanner.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApkFinderTest {
  private final PackageFinder apk = OsFinders.apk();

  @ParameterizedTest
  @ValueSource(strings = {"alpine-3.18", "alpine-3.16", "alpine-3.4-with-invalid-entry"})
  void find_onAlpineFixtures_matchesExpectedAndSkipsTheInvalidEntry(String image) throws IOException {
    Path root = Fixtures.dir("apk").resolve(image);
    List<String> lines = Files.readAllLines(root.resolve("expected.tsv"));
    // an entry with no version is not a package we can match: expected.tsv lists it with empty fields
    List<String> expected = lines.subList(1, lines.size()).stream()
        .filter(line -> !line.split("\t", -1)[1].isEmpty()).toList();

    FinderRun run = FinderRun.of(apk, "lib/apk/db/installed", root.resolve("lib/apk/db/installed"));

    assertThat(run.packages)
        .extracting(p -> String.join("\t", p.name(), p.version(), p.arch(), p.sourceName()))
        .containsExactlyElementsOf(expected);
    assertThat(run.packages).allSatisfy(p -> {
      assertThat(p.ecosystem()).isEqualTo(Ecosystem.ALPINE);
      assertThat(p.sourceVersion()).isEqualTo(p.version());
    });
    if (image.contains("invalid")) {
      assertThat(expected).hasSize(lines.size() - 2);
      assertThat(run.packages).extracting(InstalledPackage::name).doesNotContain("invalidPackageWithoutAVersion");
    }
  }

  @Test
  void find_onAHandWrittenDatabase_readsNameVersionArchAndOrigin() throws IOException {
    String db = """
        C:Q1abc=
        P:libcrypto3
        V:3.1.4-r5
        A:x86_64
        o:openssl
        F:usr/lib
        R:libcrypto.so.3
        
        P:musl
        V:1.2.4-r2
        A:aarch64
        
        V:1.0-r0
        A:x86_64
        
        P:no-version
        A:x86_64
        
        P:last
        V:0.1-r0
        o:origin-of-last""";

    FinderRun run = FinderRun.of(apk, "lib/apk/db/installed", db);

    assertThat(run.packages).containsExactly(
        new InstalledPackage("libcrypto3", "3.1.4-r5", Ecosystem.ALPINE, "openssl", "3.1.4-r5", "x86_64",
            "lib/apk/db/installed"),
        new InstalledPackage("musl", "1.2.4-r2", Ecosystem.ALPINE, "musl", "1.2.4-r2", "aarch64",
            "lib/apk/db/installed"),
        new InstalledPackage("last", "0.1-r0", Ecosystem.ALPINE, "origin-of-last", "0.1-r0", "",
            "lib/apk/db/installed"));
  }

  @Test
  void wants_onlyTheInstalledDatabase_atItsClassicOrMergedUsrPlace() {
    assertThat(apk.wants(new LayerEntry("lib/apk/db/installed", 1, 0644))).isTrue();
    assertThat(apk.wants(new LayerEntry("usr/lib/apk/db/installed", 1, 0644))).isTrue();
    assertThat(apk.wants(new LayerEntry("lib/apk/db/triggers", 1, 0644))).isFalse();
    assertThat(apk.wants(new LayerEntry("usr/local/lib/apk/db/installed", 1, 0644))).isFalse();
  }
}
