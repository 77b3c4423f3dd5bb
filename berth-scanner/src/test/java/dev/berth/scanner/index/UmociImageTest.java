package dev.berth.scanner.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.layer.LayerIndex;
import dev.berth.scanner.layer.ScanLimits;
import dev.berth.scanner.os.OsFinders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image packed by umoci, the way a user's tooling would: a Debian-like first layer with this machine's dpkg
 * status, its os-release and a distroless paragraph, then a second layer in which umoci writes a real
 * {@code .wh.} entry for the deleted paragraph.
 */
class UmociImageTest {
  private static final Path STATUS = Path.of("/var/lib/dpkg/status");
  private static final Path OS_RELEASE = Path.of("/usr/lib/os-release");
  private static final String EXTRA = "var/lib/dpkg/status.d/berth-extra";

  @TempDir
  static Path work;
  static Path layout;

  @BeforeAll
  static void packImage() throws Exception {
    Assertions.assertTrue(Files.isReadable(STATUS) && Files.isReadable(OS_RELEASE),
        "no dpkg status or os-release on this machine: install it (.ci/run does)");
    Assertions.assertTrue(runs("umoci", "--version"), "umoci is not installed: install it (.ci/run does)");
    layout = work.resolve("layout");
    String image = layout + ":latest";
    umoci("init", "--layout", layout.toString());
    umoci("new", "--image", image);
    Path first = work.resolve("first");
    umoci("unpack", "--image", image, first.toString());
    Path rootfs = first.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createDirectories(rootfs.resolve("var/lib/dpkg/status.d"));
    Files.copy(OS_RELEASE, rootfs.resolve("etc/os-release"));
    Files.copy(STATUS, rootfs.resolve("var/lib/dpkg/status"));
    Files.writeString(rootfs.resolve(EXTRA), "Package: berth-extra\nVersion: 1.0-1\nArchitecture: all\n");
    umoci("repack", "--image", image, first.toString());
    umoci("tag", "--image", image, "one-layer");
    Path second = work.resolve("second");
    umoci("unpack", "--image", image, second.toString());
    Files.delete(second.resolve("rootfs").resolve(EXTRA));
    umoci("repack", "--image", image, second.toString());
  }

  @Test
  void index_oneLayerImage_reportsTheMachinePackagesAndTheDistrolessParagraph() throws Exception {
    OciLayout oci = OciLayout.open(layout);

    IndexReport report = new ImageIndexer(OsFinders.all()).index(oci.image(Optional.of("one-layer")));

    List<String> names = report.packages().stream().map(p -> p.pkg().name() + " " + p.pkg().version()).toList();
    List<String> expected = new ArrayList<>(installedPackages());
    expected.add("berth-extra 1.0-1");
    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void index_twoLayerImage_dropsThePackageWhoseParagraphTheUpperLayerDeleted() throws Exception {
    OciLayout oci = OciLayout.open(layout);
    OciImage image = oci.image(Optional.of("latest"));
    LayerIndexCache cache = LayerIndexCache.inMemory(4);
    ImageIndexer indexer = new ImageIndexer(OsFinders.all(), ScanLimits.defaults(), cache);

    IndexReport report = indexer.index(image);

    assertThat(image.layers()).hasSize(2);
    LayerIndex upper = cache.get(image.layers().get(1).digest()).orElseThrow();
    assertThat(upper.whiteouts()).containsExactly(EXTRA);
    List<String> names = report.packages().stream().map(p -> p.pkg().name() + " " + p.pkg().version()).toList();
    assertThat(names).containsExactlyInAnyOrderElementsOf(installedPackages());
    assertThat(report.packages()).allSatisfy(p -> {
      assertThat(p.introducedIn()).isEqualTo(image.layers().get(0).digest());
      assertThat(p.pkg().path()).isEqualTo("var/lib/dpkg/status");
    });
    String id = shell(". " + OS_RELEASE + "; printf %s \"$ID\"");
    assertThat(report.distribution()).hasValueSatisfying(d -> {
      assertThat(d.distribution().id()).isEqualTo(id);
      assertThat(d.path()).isEqualTo("etc/os-release");
    });
    assertThat(report.manifestDigest()).isEqualTo(oci.image(Optional.of("latest")).manifestDigest());
  }

  /** The oracle: dpkg's own reading of the status file copied into the image. */
  private static List<String> installedPackages() throws Exception {
    Path admin = work.resolve("admindir");
    Files.createDirectories(admin);
    Files.copy(work.resolve("first/rootfs/var/lib/dpkg/status"), admin.resolve("status"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String out = shell("dpkg-query --admindir=" + admin + " -W -f '${db:Status-Status} ${Package} ${Version}\\n'");
    Assertions.assertFalse(out.isEmpty(), "dpkg-query gave nothing: install it (.ci/run does)");
    return out.lines().filter(l -> l.startsWith("installed ")).map(l -> l.substring("installed ".length()))
        .toList();
  }

  private static void umoci(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("umoci"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("umoci %s: %s", String.join(" ", args), out).isZero();
  }

  private static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String shell(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
