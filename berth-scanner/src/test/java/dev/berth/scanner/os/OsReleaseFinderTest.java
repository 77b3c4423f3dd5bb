package dev.berth.scanner.os;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OsReleaseFinderTest {
  private final PackageFinder osRelease = OsFinders.osRelease();

  @Test
  void find_onThisMachinesOsRelease_agreesWithTheShell() throws Exception {
    Path file = Path.of("/usr/lib/os-release");
    Assertions.assertTrue(Files.isReadable(file), "no /usr/lib/os-release: the test reads this Debian machine's file");
    // the shell is the reference parser of os-release(5)
    Process sh = new ProcessBuilder("sh", "-c",
        ". /usr/lib/os-release; printf '%s\\n%s\\n%s\\n%s\\n' \"$ID\" \"$VERSION_ID\" \"$NAME\" \"$PRETTY_NAME\"")
        .start();
    String[] expected = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
    assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Distribution d = FinderRun.of(osRelease, "usr/lib/os-release", file).distributions.getFirst();

    assertThat(d.id()).isEqualTo(expected[0]);
    assertThat(d.versionId()).isEqualTo(expected[1]);
    assertThat(d.name()).isEqualTo(expected[2]);
    assertThat(d.prettyName()).isEqualTo(expected[3]);
  }

  @Test
  void find_readsDebianOsRelease() throws IOException {
    String text = """
        PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        """;

    FinderRun run = FinderRun.of(osRelease, "etc/os-release", text);

    assertThat(run.distributions).containsExactly(new Distribution("debian", "12", "bookworm", "Debian GNU/Linux",
        "Debian GNU/Linux 12 (bookworm)", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"distroless-debian10:10:buster", "distroless-debian11-arm64:11:bullseye"})
  void find_onDistrolessFixtures_takesTheCodenameFromVersion(String spec) throws IOException {
    String[] parts = spec.split(":");
    Path file = Fixtures.dir("dpkg").resolve(parts[0]).resolve("etc/os-release");

    Distribution d = FinderRun.of(osRelease, "etc/os-release", file).distributions.getFirst();

    assertThat(d.id()).isEqualTo("debian");
    assertThat(d.versionId()).isEqualTo(parts[1]);
    assertThat(d.versionCodename()).isEqualTo(parts[2]);
    assertThat(d.prettyName()).isEqualTo("Distroless");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alpine-3.18:3.18.4", "alpine-3.16:3.16.0", "alpine-3.4-with-invalid-entry:3.4.6"})
  void find_onAlpineFixtures_readsTheRelease(String spec) throws IOException {
    String[] parts = spec.split(":");
    Path file = Fixtures.dir("apk").resolve(parts[0]).resolve("etc/os-release");

    Distribution d = FinderRun.of(osRelease, "etc/os-release", file).distributions.getFirst();

    assertThat(d.id()).isEqualTo("alpine");
    assertThat(d.versionId()).isEqualTo(parts[1]);
    assertThat(d.name()).isEqualTo("Alpine Linux");
  }

  @Test
  void find_readsRhelStyleQuotingAndCpe() throws IOException {
    String text = """
        # comment line
        NAME='Red Hat Enterprise Linux'
        ID="rhel"
        ID_LIKE="fedora"
        VERSION_ID="9.4"
        PRETTY_NAME="Red Hat \\"Enterprise\\" Linux 9.4 (Plow)"
        CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
        """;

    Distribution d = FinderRun.of(osRelease, "usr/lib/os-release", text).distributions.getFirst();

    assertThat(d).isEqualTo(new Distribution("rhel", "9.4", "", "Red Hat Enterprise Linux",
        "Red Hat \"Enterprise\" Linux 9.4 (Plow)", "cpe:/o:redhat:enterprise_linux:9::baseos"));
  }

  @Test
  void find_defaultsTheIdToLinuxAndIgnoresAnEmptyFile() throws IOException {
    assertThat(FinderRun.of(osRelease, "etc/os-release", "NAME=Linux\n").distributions)
        .extracting(Distribution::id).containsExactly("linux");
    assertThat(FinderRun.of(osRelease, "etc/os-release", "\n# nothing\n").distributions).isEmpty();
  }

  @Test
  void find_readsUbuntuLsbRelease() throws IOException {
    String text = """
        DISTRIB_ID=Ubuntu
        DISTRIB_RELEASE=22.04
        DISTRIB_CODENAME=jammy
        DISTRIB_DESCRIPTION="Ubuntu 22.04.4 LTS"
        """;

    FinderRun run = FinderRun.of(osRelease, "etc/lsb-release", text);

    assertThat(run.distributions)
        .containsExactly(new Distribution("ubuntu", "22.04", "jammy", "Ubuntu", "Ubuntu 22.04.4 LTS", ""));
  }

  @Test
  void find_readsAlpineIssueAndIgnoresOtherBanners() throws IOException {
    String alpine = "Welcome to Alpine Linux 3.18\nKernel \\r on an \\m (\\l)\n\n";
    String debian = "Debian GNU/Linux 12 \\n \\l\n\n";

    assertThat(FinderRun.of(osRelease, "etc/issue", alpine).distributions)
        .containsExactly(new Distribution("alpine", "3.18", "", "Alpine Linux", "Alpine Linux v3.18", ""));
    assertThat(FinderRun.of(osRelease, "etc/issue", debian).distributions).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"etc/os-release", "usr/lib/os-release", "etc/lsb-release", "etc/issue"})
  void wants_theReleaseFiles(String path) {
    assertThat(osRelease.wants(new LayerEntry(path, 1, 0644))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"etc/issue.net", "usr/etc/os-release", "etc/os-release.d/x", "os-release"})
  void wants_nothingElse(String path) {
    assertThat(osRelease.wants(new LayerEntry(path, 1, 0644))).isFalse();
  }
}
