package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Archives in archives, built with java.util.zip: an ear holding a war holding jars three levels deep, STORED and
 * DEFLATED, and real jars from the local Maven repository as WEB-INF/lib and BOOT-INF/lib entries.
 */
class JavaNestedArchiveTest {
  private static final JavaArchiveFinder FINDER = new JavaArchiveFinder();
  private static final String EAR = "opt/app/shop.ear";

  /** ear (0) → shop.war (1, STORED) → WEB-INF/lib/core.jar (2, DEFLATED) → lib/inner.jar (3, STORED). */
  static byte[] threeDeepEar() {
    byte[] inner = Zips.zip(Zips.pom("org.example", "inner", "3.0.0"),
        Zips.deflated("org/example/inner/A.class", new byte[2000]));
    byte[] core = Zips.zip(Zips.pom("org.example", "core", "2.0.0"), Zips.stored("lib/inner.jar", inner));
    byte[] war = Zips.zip(Zips.deflated("index.html", "<html/>".getBytes()),
        Zips.deflated("WEB-INF/lib/core.jar", core), Zips.pom("org.example", "shop-web", "1.0.0"));
    return Zips.zip(Zips.stored("shop.war", war), Zips.pom("org.example", "shop-ear", "1.0.0"));
  }

  @Test
  void find_threeDeepEar_reportsEveryLevelWithNestedPaths() throws IOException {
    List<InstalledPackage> found = find(EAR, threeDeepEar(), ScanLimits.defaults());

    assertThat(found).containsExactlyInAnyOrder(
        pkg("org.example:core", "2.0.0", EAR + "!/shop.war!/WEB-INF/lib/core.jar!/META-INF/maven/org.example/core/"),
        pkg("org.example:inner", "3.0.0",
            EAR + "!/shop.war!/WEB-INF/lib/core.jar!/lib/inner.jar!/META-INF/maven/org.example/inner/"),
        pkg("org.example:shop-web", "1.0.0", EAR + "!/shop.war!/META-INF/maven/org.example/shop-web/"),
        pkg("org.example:shop-ear", "1.0.0", EAR + "!/META-INF/maven/org.example/shop-ear/"));
  }

  @Test
  void find_nestingDeeperThanTheLimit_failsNamingTheLimitAndTheArchive() {
    var limits = new ScanLimits(1_000_000, 4096, 2, 16L << 30, 512L << 20);

    assertThatThrownBy(() -> find(EAR, threeDeepEar(), limits))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxNestingDepth"))
        .hasMessageContaining("maxNestingDepth=2")
        .hasMessageContaining(EAR + "!/shop.war!/WEB-INF/lib/core.jar!/lib/inner.jar");
  }

  @Test
  void find_nestingExactlyAtTheLimit_isRead() throws IOException {
    var limits = new ScanLimits(1_000_000, 4096, 3, 16L << 30, 512L << 20);

    assertThat(find(EAR, threeDeepEar(), limits)).hasSize(4);
  }

  @Test
  void find_warOfRepositoryJars_reportsEachAsUnzipReadsIt() throws IOException {
    MachineTools.require("unzip");
    List<Path> jars = someRepositoryJars(6);
    List<Zips.Entry> entries = new ArrayList<>();
    List<InstalledPackage> expected = new ArrayList<>();
    String war = "srv/app.war";
    for (int i = 0; i < jars.size(); i++) {
      Path jar = jars.get(i);
      String entry = "WEB-INF/lib/" + jar.getFileName();
      byte[] bytes = Files.readAllBytes(jar);
      entries.add(i % 2 == 0 ? Zips.stored(entry, bytes) : Zips.deflated(entry, bytes));
      expected.addAll(JavaArchiveFinderTest.unzipPomProperties(jar, war + "!/" + entry));
    }

    List<InstalledPackage> found = find(war, Zips.zip(entries.toArray(Zips.Entry[]::new)), ScanLimits.defaults());

    assertThat(expected).isNotEmpty();
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void find_springBootFatJar_readsBootInfLib() throws IOException {
    MachineTools.require("unzip");
    List<Path> jars = someRepositoryJars(3);
    List<Zips.Entry> entries = new ArrayList<>(List.of(Zips.pom("com.example", "boot-app", "0.0.1-SNAPSHOT")));
    List<InstalledPackage> expected = new ArrayList<>(List.of(pkg("com.example:boot-app", "0.0.1-SNAPSHOT",
        "app.jar!/META-INF/maven/com.example/boot-app/")));
    for (Path jar : jars) {
      String entry = "BOOT-INF/lib/" + jar.getFileName();
      entries.add(Zips.stored(entry, Files.readAllBytes(jar)));
      expected.addAll(JavaArchiveFinderTest.unzipPomProperties(jar, "app.jar!/" + entry));
    }

    assertThat(find("app.jar", Zips.zip(entries.toArray(Zips.Entry[]::new)), ScanLimits.defaults()))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  static List<InstalledPackage> find(String path, byte[] archive, ScanLimits limits) throws IOException {
    var sink = new CollectingSink();
    FINDER.find(new LayerEntry(path, archive.length, 0644), new ByteArrayInputStream(archive), limits, sink);
    return sink.packages;
  }

  private static InstalledPackage pkg(String name, String version, String pomDir) {
    return InstalledPackage.of(name, version, Ecosystem.MAVEN, pomDir + "pom.properties");
  }

  // Jars of the local repository that carry a pom.properties, picked evenly.
  private static List<Path> someRepositoryJars(int count) throws IOException {
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Assertions.assertTrue(Files.isDirectory(m2), "no local Maven repository: the test needs it (.ci/run provides it)");
    List<Path> jars;
    try (Stream<Path> all = Files.walk(m2)) {
      jars = all.filter(p -> p.toString().endsWith(".jar") && p.toString().contains("/org/apache/")).sorted()
          .toList();
    }
    List<Path> picked = new ArrayList<>();
    for (int i = 0; i < jars.size() && picked.size() < count; i += Math.max(1, jars.size() / (3 * count))) {
      if (!JavaArchiveFinderTest.unzipPomProperties(jars.get(i), "").isEmpty()) {
        picked.add(jars.get(i));
      }
    }
    return picked;
  }
}
