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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Python finder on this machine's installed distributions (Debian's dist-packages and every pyenv version),
 * checked against Python's own {@code importlib.metadata} and {@code packaging.utils.canonicalize_name}.
 */
class PythonFinderTest {
  private static final PythonFinder FINDER = new PythonFinder();
  private static final String ORACLE = """
      import importlib.metadata as m, json, re, sys
      try:
          from packaging.utils import canonicalize_name
      except ImportError:
          def canonicalize_name(n): return re.sub(r"[-_.]+", "-", n).lower()
      for d in sys.argv[1:]:
          for dist in m.distributions(path=[d]):
              meta = dist.metadata
              name = meta["Name"] if meta else None
              print(json.dumps([str(dist._path), canonicalize_name(name) if name else None,
                                meta["Version"] if meta else None]))
      """;

  static List<Path> installationDirs() throws IOException {
    List<Path> dirs = new ArrayList<>();
    dirs.add(Path.of("/usr/lib/python3/dist-packages"));
    Path pyenv = Path.of("/root/.pyenv/versions");
    if (Files.isDirectory(pyenv)) {
      try (Stream<Path> lib = Files.walk(pyenv, 3)) {
        lib.filter(p -> p.getFileName().toString().matches("python\\d\\.\\d+") && p.getParent().endsWith("lib"))
            .forEach(p -> {
              dirs.add(p);
              dirs.add(p.resolve("site-packages"));
              dirs.add(p.resolve("lib-dynload"));
            });
      }
    }
    return dirs.stream().filter(Files::isDirectory).toList();
  }

  @Test
  void find_machineDistributions_matchImportlibMetadata() throws IOException {
    Path python = MachineTools.require("python3");
    List<Path> dirs = installationDirs();
    Assertions.assertFalse(dirs.isEmpty(), "no Python installation found: the test needs it (.ci/run provides it)");
    List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c", ORACLE));
    dirs.forEach(d -> cmd.add(d.toString()));

    List<InstalledPackage> expected = new ArrayList<>();
    List<Path> metadataFiles = new ArrayList<>();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : MachineTools.run(cmd, java.util.Map.of(), null).split("\n")) {
      List<?> row = json.readValue(line, List.class);
      Path file = metadataFile(Path.of((String) row.get(0)));
      metadataFiles.add(file);
      if (row.get(1) != null && row.get(2) != null) {
        expected.add(InstalledPackage.of((String) row.get(1), (String) row.get(2), Ecosystem.PYPI,
            MachineTools.entryFor(file).path()));
      }
    }
    List<InstalledPackage> found = new ArrayList<>();
    for (Path file : wantedFiles(dirs)) {
      found.addAll(MachineTools.find(FINDER, file));
    }

    assertThat(expected).hasSizeGreaterThan(20);
    assertThat(wantedFiles(dirs)).containsExactlyInAnyOrderElementsOf(metadataFiles);
    assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest
  @CsvSource({"Foo.Bar__baz, foo-bar-baz", "python_apt, python-apt", "PyYAML, pyyaml", "zope.interface, "
      + "zope-interface", "a-_.b, a-b", "Django, django"})
  void normalise_pep503(String name, String normalised) {
    assertThat(PythonFinder.normalise(name)).isEqualTo(normalised);
  }

  @Test
  void find_readsHeadersOnly_firstOccurrenceWins_continuationsIgnored() throws IOException {
    String metadata = """
        Metadata-Version: 1.1
        Name: Sample_Project
        Summary: a summary
        Description: first line
                Version: 9.9.9 inside a folded header
        Version: 1.2.3
        Version: 4.5.6

        Name: body-is-not-a-header
        """;

    assertThat(find("usr/lib/python3/dist-packages/Sample_Project-1.2.3.egg-info", metadata))
        .containsExactly(InstalledPackage.of("sample-project", "1.2.3", Ecosystem.PYPI,
            "usr/lib/python3/dist-packages/Sample_Project-1.2.3.egg-info"));
  }

  @Test
  void find_headersEndAtFirstNonHeaderLine_asEmailFeedparserDoes() throws IOException {
    assertThat(find("x.dist-info/METADATA", "Name: a\nnot a header line\nVersion: 1\n")).isEmpty();
    assertThat(find("x.dist-info/METADATA", "Name: a\r\nVersion: 1\r\n\r\n")).extracting(InstalledPackage::version)
        .containsExactly("1");
    assertThat(find("x.dist-info/METADATA", "Version: 1\n")).isEmpty();
  }

  @Test
  void find_headerSectionLargerThanCap_isSkippedAndOnlyTheCapIsRead() throws IOException {
    String huge = "Metadata-Version: 2.1\n" + ("X-Filler: " + "x".repeat(1000) + "\n").repeat(1100)
        + "Name: late\nVersion: 1\n";
    var counting = new CountingInputStream(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)));
    var sink = new CollectingSink();

    FINDER.find(new LayerEntry("x.dist-info/METADATA", huge.length(), 0644), counting, ScanLimits.defaults(), sink);

    assertThat(sink.packages).isEmpty();
    assertThat(counting.count).isLessThanOrEqualTo(PythonFinder.HEADER_CAP + 1);
  }

  @Test
  void wants_metadataFilesOnly() {
    assertThat(Stream.of("a/x-1.dist-info/METADATA", "a/x-1.egg-info/PKG-INFO", "a/x-1.egg-info",
            "a/x-1.egg/EGG-INFO/PKG-INFO").map(p -> FINDER.wants(new LayerEntry(p, 1, 0644)))).containsOnly(true);
    assertThat(Stream.of("a/x-1.dist-info/RECORD", "a/x.egg-info/SOURCES.txt", "a/METADATA", "PKG-INFO")
        .map(p -> FINDER.wants(new LayerEntry(p, 1, 0644)))).containsOnly(false);
  }

  private static List<InstalledPackage> find(String path, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    var sink = new CollectingSink();
    FINDER.find(new LayerEntry(path, bytes.length, 0644), new ByteArrayInputStream(bytes), ScanLimits.defaults(),
        sink);
    return sink.packages;
  }

  // importlib names a distribution by its directory (or egg-info file); the finder reads the metadata file in it.
  private static Path metadataFile(Path dist) {
    String name = dist.getFileName().toString();
    if (Files.isDirectory(dist)) {
      return dist.resolve(name.endsWith(".dist-info") ? "METADATA" : "PKG-INFO");
    }
    return dist;
  }

  // The files the finder wants among each directory's own distributions (importlib does not descend further).
  private static List<Path> wantedFiles(List<Path> dirs) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir, 2)) {
        files.filter(f -> f.getParent().equals(dir) || f.getParent().getParent().equals(dir)
                && f.getParent().getFileName().toString().matches(".*\\.(dist|egg)-info"))
            .filter(Files::isRegularFile)
            .filter(f -> FINDER.wants(MachineTools.entryFor(f)))
            .forEach(out::add);
      }
    }
    return out;
  }
}
