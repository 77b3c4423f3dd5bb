package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Go finder against the Go toolchain's own reader ({@code go version -m}) on this machine's Go binaries and
 * on binaries the test builds from modules it writes (served by a file-system GOPROXY, so no network).
 */
class GoBinaryFinderTest {
  private static final GoBinaryFinder FINDER = new GoBinaryFinder();
  private static final List<String> MACHINE_BINARIES =
      List.of("/usr/bin/skopeo", "/usr/bin/umoci", "/usr/bin/podman", "/usr/bin/buildah");

  @TempDir static Path work;
  private static Path go;
  private static GoFixtureModule fixture;

  @BeforeAll
  static void buildFixtures() {
    go = MachineTools.require("go");
    fixture = GoFixtureModule.write(work);
  }

  static Stream<String> machineBinaries() {
    return MACHINE_BINARIES.stream().filter(p -> Files.isExecutable(Path.of(p)));
  }

  @ParameterizedTest
  @MethodSource("machineBinaries")
  void find_machineBinary_reportsWhatGoVersionReports(String binary) {
    Path file = Path.of(binary);
    String oracle = GoVersionOracle.goVersionM(go, file);

    List<InstalledPackage> found = MachineTools.find(FINDER, file);

    assertThat(found).containsExactlyElementsOf(
        GoVersionOracle.expected(oracle, MachineTools.entryFor(file).path()));
    assertThat(found).extracting(InstalledPackage::name).contains("stdlib");
  }

  @Test
  void find_skopeo_reportsToolchainAsStdlib() {
    Path skopeo = Path.of("/usr/bin/skopeo");
    org.junit.jupiter.api.Assertions.assertTrue(Files.isExecutable(skopeo), "skopeo is not installed");
    String goLine = GoVersionOracle.goVersionM(go, skopeo).lines().findFirst().orElseThrow();

    List<InstalledPackage> found = MachineTools.find(FINDER, skopeo);

    // "/usr/bin/skopeo: go1.19.8" → stdlib v1.19.8
    String release = goLine.substring(goLine.lastIndexOf(": go") + 4);
    assertThat(found).contains(InstalledPackage.of("stdlib", "v" + release, Ecosystem.GO, "usr/bin/skopeo"));
  }

  @Test
  void find_builtModuleBinary_appliesReplacementsAndSkipsLocalAndDevelModules() {
    Path binary = fixture.build(go, work.resolve("app"), Map.of());
    String oracle = GoVersionOracle.goVersionM(go, binary);

    List<InstalledPackage> found = MachineTools.find(FINDER, binary);

    String path = MachineTools.entryFor(binary).path();
    assertThat(found).containsExactlyElementsOf(GoVersionOracle.expected(oracle, path));
    assertThat(found).extracting(InstalledPackage::name, InstalledPackage::version).containsExactly(
        org.assertj.core.groups.Tuple.tuple("stdlib", fixture.stdlibVersion(go)),
        org.assertj.core.groups.Tuple.tuple("example.com/alpha", "v1.2.3"),
        org.assertj.core.groups.Tuple.tuple("example.com/betafork", "v0.2.0"));
    assertThat(oracle).contains("=>\t./gamma").contains("mod\texample.com/berthfixture\t(devel)");
  }

  @Test
  void find_positionIndependentBinary_reportsWhatGoVersionReports() {
    Path binary = fixture.build(go, work.resolve("app-pie"), Map.of(), "-buildmode=pie");

    assertThat(MachineTools.find(FINDER, binary)).containsExactlyElementsOf(
        GoVersionOracle.expected(GoVersionOracle.goVersionM(go, binary), MachineTools.entryFor(binary).path()));
  }

  @Test
  void find_bigEndian32BitBinary_reportsWhatGoVersionReports() {
    Path binary = fixture.build(go, work.resolve("app-mips"), Map.of("GOARCH", "mips"));
    byte[] ident = readHead(binary, 6);
    assertThat(ident[4]).as("ELFCLASS32").isEqualTo((byte) 1);
    assertThat(ident[5]).as("ELFDATA2MSB").isEqualTo((byte) 2);

    assertThat(MachineTools.find(FINDER, binary)).containsExactlyElementsOf(
        GoVersionOracle.expected(GoVersionOracle.goVersionM(go, binary), MachineTools.entryFor(binary).path()));
  }

  private static byte[] readHead(Path file, int n) {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
