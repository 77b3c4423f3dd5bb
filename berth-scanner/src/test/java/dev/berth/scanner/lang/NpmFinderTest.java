package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm finder on this machine's globally installed packages, checked against npm's own view of them
 * ({@code npm ls -g --all --parseable --long}), and on hand-written package.json files checked against Node's
 * {@code JSON.parse}.
 */
class NpmFinderTest {
  private static final NpmFinder FINDER = new NpmFinder();

  @TempDir Path dir;

  @Test
  void find_globalNodeModules_matchesNpmLs() throws IOException {
    Path npm = MachineTools.require("npm");
    String root = MachineTools.run(npm.toString(), "root", "-g").strip();
    Assertions.assertTrue(Files.isDirectory(Path.of(root)), "no global node_modules: the test needs it (.ci/run provides it)");
    List<InstalledPackage> expected = new ArrayList<>();
    for (String line : MachineTools.run(npm.toString(), "ls", "-g", "--all", "--parseable", "--long").split("\n")) {
      String[] cols = line.split(":");
      if (!cols[0].startsWith(root + "/")) {
        continue; // the prefix itself ("/usr/lib:lib@")
      }
      int at = cols[1].lastIndexOf('@');
      Path manifest = Path.of(cols[0], "package.json");
      expected.add(InstalledPackage.of(cols[1].substring(0, at), cols[1].substring(at + 1), Ecosystem.NPM,
          MachineTools.entryFor(manifest).path()));
    }
    List<InstalledPackage> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of(root))) {
      files.filter(Files::isRegularFile).filter(f -> FINDER.wants(MachineTools.entryFor(f)))
          .forEach(f -> found.addAll(MachineTools.find(FINDER, f)));
    }

    assertThat(expected).hasSizeGreaterThan(10);
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void find_handWrittenManifests_agreeWithJsonParse() throws IOException {
    Path node = MachineTools.require("node");
    Map<String, String> cases = Map.of(
        "duplicate-keys", "{\"name\":\"first\",\"version\":\"1.0.0\",\"name\":\"second\"}",
        "number-version", "{\"name\":\"n\",\"version\":1}",
        "nested-name", "{\"config\":{\"name\":\"inner\",\"version\":\"9\"},\"name\":\"outer\",\"version\":\"2.0.0\"}",
        "escapes", "{\"name\":\"\\u0061bc\",\"version\":\"1.0.0-beta.1\"}",
        "trailing-garbage", "{\"name\":\"x\",\"version\":\"1.0.0\"} junk",
        "two-values", "{\"name\":\"x\",\"version\":\"1.0.0\"}{}",
        "empty-name", "{\"name\":\"\",\"version\":\"1.0.0\"}",
        "array", "[{\"name\":\"x\",\"version\":\"1.0.0\"}]",
        "truncated", "{\"name\":\"x\",\"version\":\"1.0.0\"",
        "scoped", "{\"version\":\"3.1.4\",\"description\":\"d\",\"name\":\"@scope/pkg\",\"bin\":{\"a\":\"b\"}}");
    for (var c : cases.entrySet()) {
      Path file = dir.resolve(c.getKey() + ".json");
      Files.writeString(file, c.getValue());
      String verdict = MachineTools.run(node.toString(), "-e", """
          try { const p = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
            const ok = p && typeof p === 'object' && !Array.isArray(p) && typeof p.name === 'string'
              && p.name.trim() !== '' && typeof p.version === 'string' && p.version.trim() !== '';
            console.log(JSON.stringify(ok ? [p.name, p.version] : null));
          } catch (e) { console.log('null'); }""", file.toString()).strip();
      List<?> nodeSays = new ObjectMapper().readValue(verdict, List.class);

      List<InstalledPackage> found = find("node_modules/x/package.json", c.getValue());

      if (nodeSays == null) {
        assertThat(found).as(c.getKey()).isEmpty();
      } else {
        assertThat(found).as(c.getKey()).extracting(InstalledPackage::name, InstalledPackage::version)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(nodeSays.get(0), nodeSays.get(1)));
      }
    }
  }

  @Test
  void find_byteOrderMark_isReadAsNpmReadsIt() throws IOException {
    assertThat(find("node_modules/x/package.json", "\uFEFF{\"name\":\"x\",\"version\":\"1.0.0\"}"))
        .extracting(InstalledPackage::name).containsExactly("x");
  }

  @Test
  void wants_packageRootsUnderNodeModulesOnly() {
    assertThat(Stream.of("usr/lib/node_modules/npm/package.json", "app/node_modules/lodash/package.json",
        "node_modules/@babel/core/package.json", "a/node_modules/x/node_modules/@s/y/package.json",
        "app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json")
        .map(p -> FINDER.wants(new LayerEntry(p, 100, 0644)))).containsOnly(true);
    assertThat(Stream.of("app/package.json", "package.json", "node_modules/package.json",
        "node_modules/@babel/package.json", "node_modules/glob/dist/esm/package.json",
        "node_modules/.package-lock.json", "src/@scope/x/package.json", "node_modules/x/package.json.bak",
        "node_modules/.bin/package.json")
        .map(p -> FINDER.wants(new LayerEntry(p, 100, 0644)))).containsOnly(false);
  }

  @Test
  void wants_hugeDeclaredManifest_isNotRead() {
    assertThat(FINDER.wants(new LayerEntry("node_modules/x/package.json", 10L << 30, 0644))).isFalse();
    assertThat(FINDER.wants(new LayerEntry("node_modules/x/package.json", NpmFinder.PACKAGE_JSON_CAP, 0644)))
        .isTrue();
  }

  @Test
  void find_streamLongerThanTheCap_readsNoMoreThanTheCap() throws IOException {
    byte[] filler = ("{\"name\":\"x\",\"version\":\"1.0.0\",\"readme\":\"" + "x".repeat(9 << 20) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    var counting = new CountingInputStream(new ByteArrayInputStream(filler));
    var sink = new CollectingSink();

    FINDER.find(new LayerEntry("node_modules/x/package.json", 100, 0644), counting, ScanLimits.defaults(), sink);

    assertThat(sink.packages).isEmpty();
    assertThat(counting.count).isLessThanOrEqualTo(NpmFinder.PACKAGE_JSON_CAP + 1);
  }

  @Test
  void find_manifestAboveMaxFileBytes_failsOnMaxFileBytes() {
    byte[] json = "{\"name\":\"x\",\"version\":\"1.0.0\",\"description\":\"long enough\"}"
        .getBytes(StandardCharsets.UTF_8);
    var limits = new ScanLimits(1_000_000, 4096, 4, 16L << 30, 16);

    assertThatThrownBy(() -> FINDER.find(new LayerEntry("node_modules/x/package.json", json.length, 0644),
        new ByteArrayInputStream(json), limits, new CollectingSink()))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxFileBytes"));
  }

  private static List<InstalledPackage> find(String path, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    var sink = new CollectingSink();
    FINDER.find(new LayerEntry(path, bytes.length, 0644), new ByteArrayInputStream(bytes), ScanLimits.defaults(),
        sink);
    return sink.packages;
  }
}
