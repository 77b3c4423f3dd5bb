package dev.berth.scanner.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DpkgFinderTest {
  private static final Path MACHINE_STATUS = Path.of("/var/lib/dpkg/status");
  private final PackageFinder dpkg = OsFinders.dpkg();

  @Test
  void find_onThisMachinesStatus_matchesDpkgQuery() throws Exception {
    Assertions.assertTrue(Files.isReadable(MACHINE_STATUS), "no /var/lib/dpkg/status: the test reads this Debian machine's file");
    List<String> oracle = dpkgQuery();

    FinderRun run = FinderRun.of(dpkg, "var/lib/dpkg/status", MACHINE_STATUS);

    List<String> found = run.packages.stream()
        .map(p -> String.join("\t", p.name(), p.version(), p.arch(), p.sourceName(), p.sourceVersion()))
        .sorted().toList();
    assertThat(oracle).hasSizeGreaterThan(100);
    assertThat(found).containsExactlyElementsOf(oracle);
    assertThat(run.packages).allSatisfy(p -> {
      assertThat(p.ecosystem()).isEqualTo(Ecosystem.DEBIAN);
      assertThat(p.path()).isEqualTo("var/lib/dpkg/status");
    });
  }

  /** The installed packages as dpkg itself reports them, with their source package and version. */
  private static List<String> dpkgQuery() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("dpkg-query", "-W", "-f",
          "${db:Status-Status}\\t${Package}\\t${Version}\\t${Architecture}\\t${source:Package}\\t${source:Version}\\n")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      Assertions.fail("dpkg-query is not installed: the test needs Debian's dpkg");
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> installed = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", 2);
      if (f.length == 2 && f[0].equals("installed")) {
        installed.add(f[1]);
      }
    }
    return installed.stream().sorted().toList();
  }

  @Test
  void find_readsSourceNameAndVersionInBothForms() throws IOException {
    String status = """
        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl
        Version: 3.0.15-1~deb12u1
        Description: Secure Sockets Layer toolkit
         continuation line: with a colon
        
        Package: libpam0g
        Status: install ok installed
        Architecture: amd64
        Source: pam (1.5.2-6+deb12u1)
        Version: 1.5.2-6+deb12u2
        
        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b7
        """;

    FinderRun run = FinderRun.of(dpkg, "var/lib/dpkg/status", status);

    assertThat(run.packages).containsExactly(
        new InstalledPackage("libssl3", "3.0.15-1~deb12u1", Ecosystem.DEBIAN, "openssl", "3.0.15-1~deb12u1",
            "amd64", "var/lib/dpkg/status"),
        new InstalledPackage("libpam0g", "1.5.2-6+deb12u2", Ecosystem.DEBIAN, "pam", "1.5.2-6+deb12u1",
            "amd64", "var/lib/dpkg/status"),
        new InstalledPackage("bash", "5.2.15-2+b7", Ecosystem.DEBIAN, "bash", "5.2.15-2+b7", "amd64",
            "var/lib/dpkg/status"));
  }

  @Test
  void find_reportsOnlyInstalledPackages() throws IOException {
    String status = """
        Package: removed
        Status: deinstall ok config-files
        Version: 1.0
        
        Package: half
        Status: install reinstreq half-installed
        Version: 1.0
        
        Package: unpacked
        Status: install ok unpacked
        Version: 1.0
        
        Package: held
        Status: hold ok installed
        Version: 2.0
        
        Package: waiting
        Status: install ok triggers-pending
        Version: 3.0
        
        Package: plain
        Status: install ok installed
        Version: 4.0
        """;

    FinderRun run = FinderRun.of(dpkg, "var/lib/dpkg/status", status);

    assertThat(run.packages).extracting(InstalledPackage::name).containsExactly("held", "waiting", "plain");
  }

  @Test
  void find_toleratesCaseCrlfMissingVersionAndExtraBlankLines() throws IOException {
    String status = "\r\n\r\npackage: lower\r\nSTATUS: install ok installed\r\nversion: 1:2.3-4\r\n\r\n\r\n"
        + "Package: noversion\nStatus: install ok installed\n\nVersion: 9\n\n";

    FinderRun run = FinderRun.of(dpkg, "var/lib/dpkg/status", status);

    assertThat(run.packages).extracting(InstalledPackage::name, InstalledPackage::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("lower", "1:2.3-4"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"var/lib/dpkg/status", "var/lib/dpkg/status.d/base", "var/lib/dpkg/status.d/libc6"})
  void wants_statusAndDistrolessParagraphFiles(String path) {
    assertThat(dpkg.wants(new LayerEntry(path, 10, 0644))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"var/lib/dpkg/status.d/base.md5sums", "var/lib/dpkg/status-old", "var/lib/dpkg/status.d",
      "var/lib/dpkg/status.d/sub/file", "var/lib/dpkg/available", "usr/var/lib/dpkg/status",
      "var/lib/dpkg/status.d/.hidden"})
  void wants_nothingElse(String path) {
    assertThat(dpkg.wants(new LayerEntry(path, 10, 0644))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"distroless-debian10", "distroless-debian11-arm64"})
  void find_onDistrolessFixtures_matchesExpected(String image) throws IOException {
    Path root = Fixtures.dir("dpkg").resolve(image);
    List<String> expected = new ArrayList<>();
    List<String> lines = Files.readAllLines(root.resolve("expected.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      expected.add(String.join("\t", f[0], f[1], f[2], f[3].isEmpty() ? f[0] : f[3]));
    }
    List<String> found = new ArrayList<>();
    try (var files = Files.list(root.resolve("var/lib/dpkg/status.d"))) {
      for (Path file : files.sorted().toList()) {
        String path = "var/lib/dpkg/status.d/" + file.getFileName();
        if (!dpkg.wants(new LayerEntry(path, Files.size(file), 0644))) {
          assertThat(path).endsWith(".md5sums");
          continue;
        }
        for (InstalledPackage p : FinderRun.of(dpkg, path, file).packages) {
          found.add(String.join("\t", p.name(), p.version(), p.arch(), p.sourceName()));
          assertThat(p.path()).isEqualTo(path);
        }
      }
    }

    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }
}
