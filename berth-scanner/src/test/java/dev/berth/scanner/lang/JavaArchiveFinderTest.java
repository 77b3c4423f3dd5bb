package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java finder on real jars from the local Maven repository, checked against {@code unzip}. */
class JavaArchiveFinderTest {
  private static final JavaArchiveFinder FINDER = new JavaArchiveFinder();
  private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

  /** Every 20th jar of the repository, plus the shaded ones that carry several pom.properties. */
  static Stream<Path> repositoryJars() throws IOException {
    Assertions.assertTrue(Files.isDirectory(M2), "no local Maven repository: the test needs it (.ci/run provides it)");
    List<Path> jars;
    try (Stream<Path> all = Files.walk(M2)) {
      jars = all.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    List<Path> picked = new ArrayList<>();
    for (int i = 0; i < jars.size(); i++) {
      String name = jars.get(i).getFileName().toString();
      if (i % 20 == 0 || name.startsWith("jline-3") || name.startsWith("surefire-shared-utils")
          || name.startsWith("woodstox-core")) {
        picked.add(jars.get(i));
      }
    }
    return picked.stream();
  }

  @ParameterizedTest
  @MethodSource("repositoryJars")
  void find_repositoryJar_reportsEveryPomPropertiesAsUnzipReadsIt(Path jar) {
    MachineTools.require("unzip");
    String layerPath = MachineTools.entryFor(jar).path();
    List<InstalledPackage> expected = unzipPomProperties(jar, layerPath);

    List<InstalledPackage> found = MachineTools.find(FINDER, jar);

    if (expected.isEmpty()) {
      assertThat(found).as("a jar without pom.properties reports at most its manifest")
          .allSatisfy(p -> assertThat(p.path()).isEqualTo(layerPath + "!/META-INF/MANIFEST.MF"))
          .hasSizeLessThanOrEqualTo(1);
    } else {
      assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void find_repositoryJarsWithoutPomProperties_manifestRuleNeverInventsArtifactOrVersion() throws IOException {
    MachineTools.require("unzip");
    Assertions.assertTrue(Files.isDirectory(M2), "no local Maven repository: the test needs it (.ci/run provides it)");
    int reported = 0;
    int exact = 0;
    List<Path> jars;
    try (Stream<Path> all = Files.walk(M2)) {
      jars = all.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    for (Path jar : jars) {
      // the repository layout is the truth: <group path>/<artifactId>/<version>/<artifactId>-<version>.jar
      Path rel = M2.relativize(jar);
      int n = rel.getNameCount();
      if (n < 4) {
        continue;
      }
      String artifactId = rel.getName(n - 3).toString();
      String version = rel.getName(n - 2).toString();
      if (!jar.getFileName().toString().equals(artifactId + "-" + version + ".jar") || hasPomProperties(jar)) {
        continue;
      }
      List<InstalledPackage> found = MachineTools.find(FINDER, jar);
      if (found.size() != 1 || !found.getFirst().path().endsWith("!/META-INF/MANIFEST.MF")) {
        continue;
      }
      assertThat(unzipPomProperties(jar, "")).as("%s has no pom.properties", jar).isEmpty();
      InstalledPackage p = found.getFirst();
      String groupId = rel.subpath(0, n - 3).toString().replace('/', '.');
      assertThat(p.name()).as(jar.toString()).endsWith(":" + artifactId);
      assertThat(p.version()).as(jar.toString()).isEqualTo(version);
      reported++;
      exact += p.name().equals(groupId + ":" + artifactId) ? 1 : 0;
    }
    assertThat(reported).as("jars named from their manifest").isPositive();
    System.out.printf("manifest rule: %d jars reported, %d with the exact groupId%n", reported, exact);
  }

  @Test
  void find_manifestOnlyJar_namedByFileNameAndSymbolicName() throws IOException {
    byte[] jar = Zips.zip(Zips.manifest(Map.of(
            "Implementation-Version", "2.4.1",
            "Bundle-SymbolicName", "org.example.widgets.widget-core;singleton:=true",
            "Implementation-Vendor-Id", "org.example")),
        Zips.deflated("org/example/Widget.class", new byte[100]));

    assertThat(find("app/lib/widget-core-2.4.1.jar", jar)).containsExactly(InstalledPackage.of(
        "org.example.widgets:widget-core", "2.4.1", Ecosystem.MAVEN,
        "app/lib/widget-core-2.4.1.jar!/META-INF/MANIFEST.MF"));
  }

  @Test
  void find_manifestOnlyJar_fallsBackToTitleAndVendorId() throws IOException {
    byte[] jar = Zips.zip(Zips.manifest(Map.of(
        "Implementation-Title", "widget-core",
        "Implementation-Version", "2.4.1 (build 7)",
        "Bundle-Version", "2.4.1",
        "Implementation-Vendor-Id", "org.example")));

    assertThat(find("app/lib/widgets.jar", jar)).extracting(InstalledPackage::name, InstalledPackage::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("org.example:widget-core", "2.4.1"));
  }

  @Test
  void find_manifestWithoutPlausibleGroupOrVersion_reportsNothing() throws IOException {
    byte[] noGroup = Zips.zip(Zips.manifest(Map.of(
        "Implementation-Title", "Apache Widgets", "Implementation-Version", "2.4.1",
        "Implementation-Vendor", "The Apache Software Foundation")));
    byte[] noVersion = Zips.zip(Zips.manifest(Map.of(
        "Implementation-Vendor-Id", "org.example", "Implementation-Version", "${project.version}")));

    assertThat(find("lib/widgets-2.4.1.jar", noGroup)).isEmpty();
    assertThat(find("lib/widgets-2.4.1.jar", noVersion)).isEmpty();
  }

  @Test
  void find_jarWithPomAfterManifest_reportsOnlyThePom() throws IOException {
    byte[] jar = Zips.zip(
        Zips.manifest(Map.of("Implementation-Vendor-Id", "org.example", "Implementation-Version", "1.0")),
        Zips.pom("org.example", "real", "1.0.3"));

    assertThat(find("lib/real-1.0.jar", jar)).containsExactly(InstalledPackage.of(
        "org.example:real", "1.0.3", Ecosystem.MAVEN,
        "lib/real-1.0.jar!/META-INF/maven/org.example/real/pom.properties"));
  }

  @Test
  void find_pomPropertiesUnfilteredOrIncomplete_isNotReported() throws IOException {
    byte[] jar = Zips.zip(
        Zips.deflated("META-INF/maven/g/a/pom.properties",
            "groupId=g\nartifactId=a\nversion=${project.version}\n".getBytes(StandardCharsets.ISO_8859_1)),
        Zips.deflated("META-INF/maven/g/b/pom.properties",
            "groupId=g\nversion=1\n".getBytes(StandardCharsets.ISO_8859_1)),
        Zips.pom("g", "c", "3.0"));

    assertThat(find("x.jar", jar)).extracting(InstalledPackage::name).containsExactly("g:c");
  }

  @Test
  void wants_javaArchivesByName() {
    assertThat(Stream.of("a/b.jar", "a/b.WAR", "b.ear", "plugins/git.jpi", "plugins/git.hpi")
        .map(p -> FINDER.wants(new LayerEntry(p, 1, 0644)))).containsOnly(true);
    assertThat(Stream.of("a/b.jar.sha1", "a/jar", "b.zip", "a.jarx")
        .map(p -> FINDER.wants(new LayerEntry(p, 1, 0644)))).containsOnly(false);
  }

  private static List<InstalledPackage> find(String path, byte[] archive) throws IOException {
    var sink = new CollectingSink();
    FINDER.find(new LayerEntry(path, archive.length, 0644), new ByteArrayInputStream(archive),
        ScanLimits.defaults(), sink);
    return sink.packages;
  }

  /** unzip lists the archive and prints each pom.properties; the test reads its key=value lines. */
  static List<InstalledPackage> unzipPomProperties(Path jar, String layerPath) {
    List<InstalledPackage> out = new ArrayList<>();
    for (String entry : MachineTools.run("unzip", "-Z1", jar.toString()).split("\n")) {
      if (!entry.startsWith("META-INF/maven/") || !entry.endsWith("/pom.properties")) {
        continue;
      }
      Map<String, String> props = new HashMap<>();
      for (String line : MachineTools.run("unzip", "-p", jar.toString(), entry).split("\\R")) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          props.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
      out.add(InstalledPackage.of(props.get("groupId") + ":" + props.get("artifactId"), props.get("version"),
          Ecosystem.MAVEN, layerPath + "!/" + entry));
    }
    return out;
  }

  // A cheap pre-selection through the central directory; unzip confirms each jar the test then relies on.
  private static boolean hasPomProperties(Path jar) {
    try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> e.getName().startsWith("META-INF/maven/")
          && e.getName().endsWith("/pom.properties"));
    } catch (IOException unreadable) {
      return false;
    }
  }
}
