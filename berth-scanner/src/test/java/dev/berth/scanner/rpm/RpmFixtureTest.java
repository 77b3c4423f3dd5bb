package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.ScanLimits;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readers and the finder against real databases that rpm wrote (see the fixtures' PROVENANCE.md). */
class RpmFixtureTest {
  @TempDir Path spoolDir;

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      "bdb-el8-libuuid, Packages, BERKELEY_DB",
      "bdb-epoch-hello, Packages, BERKELEY_DB",
      "bdb-ubi7-tzdata, Packages, BERKELEY_DB",
      "ndb-sle15-bci, Packages.db, NDB",
      "sqlite-cbl-mariner-2.0, rpmdb.sqlite, SQLITE",
      "sqlite-fedora36-tzdata, rpmdb.sqlite, SQLITE"})
  void packages_realDatabase_isExactlyTheExpectedList(String folder, String file, RpmDbFormat format)
      throws Exception {
    Path dir = Fixtures.rpmFolder().resolve(folder);
    try (RpmDatabase db = RpmDatabase.open(dir.resolve(file), RpmDbLimits.defaults())) {
      assertThat(db.format()).isEqualTo(format);
      int skipped = db.forEachPackage(p -> { });
      assertThat(skipped).isZero();
      assertThat(db.packages()).extracting(Fixtures::row).containsExactlyElementsOf(Fixtures.expectedRows(dir));
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
      "bdb-el8-libuuid, Packages, var/lib/rpm/Packages",
      "bdb-epoch-hello, Packages, var/lib/rpm/Packages",
      "ndb-sle15-bci, Packages.db, usr/lib/sysimage/rpm/Packages.db",
      "sqlite-cbl-mariner-2.0, rpmdb.sqlite, var/lib/rpm/rpmdb.sqlite",
      "sqlite-fedora36-tzdata, rpmdb.sqlite, usr/lib/sysimage/rpm/rpmdb.sqlite"})
  void find_realDatabaseStream_reportsEveryPackage(String folder, String file, String layerPath)
      throws Exception {
    Path db = Fixtures.rpmFolder().resolve(folder).resolve(file);
    LayerEntry entry = new LayerEntry(layerPath, Files.size(db), 0644);
    RpmPackageFinder finder = new RpmPackageFinder(spoolDir, RpmDbLimits.defaults());
    CollectingSink sink = new CollectingSink();

    assertThat(finder.wants(entry)).isTrue();
    try (InputStream in = Files.newInputStream(db)) {
      finder.find(entry, in, ScanLimits.defaults(), sink);
    }

    List<String> expected = Fixtures.expectedRows(Fixtures.rpmFolder().resolve(folder));
    assertThat(sink.packages).hasSize(expected.size());
    assertThat(sink.packages).allSatisfy(p -> {
      assertThat(p.ecosystem()).isEqualTo(Ecosystem.RPM);
      assertThat(p.path()).isEqualTo(layerPath);
    });
    assertThat(sink.packages).extracting(InstalledPackage::name)
        .containsExactlyElementsOf(expected.stream().map(row -> row.split(" ")[0]).toList());
    try (var left = Files.list(spoolDir)) {
      assertThat(left).as("the spooled copy is deleted").isEmpty();
    }
  }

  @Test
  void find_el8Libuuid_reportsSourcePackageAndVersion() throws Exception {
    InstalledPackage p = findOne("bdb-el8-libuuid", "Packages");

    assertThat(p).isEqualTo(new InstalledPackage("libuuid", "2.32.1-42.el8_8", Ecosystem.RPM, "util-linux",
        "2.32.1-42.el8_8", "x86_64", "var/lib/rpm/Packages"));
  }

  @Test
  void find_epochPackage_putsTheEpochInBothVersions() throws Exception {
    InstalledPackage p = findOne("bdb-epoch-hello", "Packages");

    assertThat(p.version()).isEqualTo("1:0.0.1-rls");
    assertThat(p.sourceName()).isEqualTo("hello");
    assertThat(p.sourceVersion()).isEqualTo("1:0.0.1-rls");
  }

  @Test
  void packages_marinerDatabase_namesSourcesAndVendors() throws Exception {
    Path file = Fixtures.rpmFolder().resolve("sqlite-cbl-mariner-2.0/rpmdb.sqlite");
    try (RpmDatabase db = RpmDatabase.open(file, RpmDbLimits.defaults())) {
      List<RpmPackage> all = db.packages();
      assertThat(all).allSatisfy(p -> assertThat(p.source()).as(p.name()).isPresent());
      RpmPackage certs =
          all.stream().filter(p -> p.name().equals("ca-certificates-base")).findFirst().orElseThrow();
      assertThat(certs.evr()).isEqualTo("1:2.0.0-1.cm2");
      assertThat(certs.sourceName()).isEqualTo("ca-certificates");
      assertThat(certs.sourceVersion()).isEqualTo("1:2.0.0-1.cm2");
    }
  }

  private InstalledPackage findOne(String folder, String file) throws Exception {
    Path db = Fixtures.rpmFolder().resolve(folder).resolve(file);
    CollectingSink sink = new CollectingSink();
    try (InputStream in = Files.newInputStream(db)) {
      new RpmPackageFinder(spoolDir, RpmDbLimits.defaults())
          .find(new LayerEntry("var/lib/rpm/" + file, Files.size(db), 0644), in, ScanLimits.defaults(), sink);
    }
    assertThat(sink.packages).hasSize(1);
    return sink.packages.get(0);
  }
}
