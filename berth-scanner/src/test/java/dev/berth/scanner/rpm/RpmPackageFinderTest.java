package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RpmPackageFinderTest {
  @TempDir Path dir;
  @TempDir Path spool;

  private RpmPackageFinder finder() {
    return new RpmPackageFinder(spool, RpmDbLimits.defaults());
  }

  private CollectingSink find(String layerPath, byte[] content, ScanLimits limits) throws Exception {
    CollectingSink sink = new CollectingSink();
    LayerEntry entry = new LayerEntry(layerPath, content.length, 0644);
    finder().find(entry, new ByteArrayInputStream(content), limits, sink);
    return sink;
  }

  private void assertSpoolEmpty() throws Exception {
    try (Stream<Path> left = Files.list(spool)) {
      assertThat(left).as("spooled copies are deleted").isEmpty();
    }
  }

  static Stream<Named<DbFiles.Writer>> writers() {
    return DbFiles.all().stream();
  }

  @Test
  void finder_isNamedRpmAndConstructibleByTheLayerWalker() throws Exception {
    PackageFinder finder = RpmPackageFinder.class.getConstructor().newInstance();
    assertThat(finder.name()).isEqualTo("rpm");
  }

  @ParameterizedTest
  @ValueSource(strings = {"var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite",
      "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db", "usr/lib/sysimage/rpm/rpmdb.sqlite"})
  void wants_rpmDatabasePaths(String path) {
    assertThat(finder().wants(new LayerEntry(path, 1000, 0644))).isTrue();
    assertThat(finder().wants(new LayerEntry(path, 0, 0644))).as("an empty file is no database").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal", "var/lib/rpm/rpmdb.sqlite-shm",
      "home/user/var/lib/rpm/Packages", "var/lib/dpkg/status", "Packages", "usr/share/rpm/Packages.bak"})
  void wants_notOtherFiles(String path) {
    assertThat(finder().wants(new LayerEntry(path, 1000, 0644))).isFalse();
  }

  @ParameterizedTest
  @MethodSource("writers")
  void find_everyFormat_reportsPackagesWithoutGpgPubkey(DbFiles.Writer writer) throws Exception {
    byte[] db = Files.readAllBytes(writer.write(dir, TestPackages.blobs(TestPackages.varied())));

    CollectingSink sink = find("var/lib/rpm/Packages", db, ScanLimits.defaults());

    assertThat(sink.packages).extracting(InstalledPackage::name)
        .containsExactly("bash", "perl-Time-Local", "nodejs", "kernel-core", "tzdata", "python3-pip-wheel");
    assertThat(sink.packages).contains(
        new InstalledPackage("perl-Time-Local", "2:1.300-7.el9", Ecosystem.RPM, "perl-Time-Local",
            "2:1.300-7.el9", "noarch", "var/lib/rpm/Packages"),
        new InstalledPackage("python3-pip-wheel", "21.2.3-7.el9", Ecosystem.RPM, "python-pip", "21.2.3-7.el9",
            "noarch", "var/lib/rpm/Packages"),
        new InstalledPackage("tzdata", "2023c-1.el9", Ecosystem.RPM, "tzdata", "2023c-1.el9", "noarch",
            "var/lib/rpm/Packages"));
    assertSpoolEmpty();
  }

  @Test
  void find_declaredSizeOverTheLimit_failsBeforeReading() throws Exception {
    ScanLimits limits = new ScanLimits(10, 4096, 4, 1 << 30, 1000);
    LayerEntry entry = new LayerEntry("var/lib/rpm/rpmdb.sqlite", 5000, 0644);
    InputStream unread = new ByteArrayInputStream(new byte[5000]);

    assertThatThrownBy(() -> finder().find(entry, unread, limits, new CollectingSink()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("maxFileBytes=1000")
        .satisfies(e -> assertThat(((LimitExceededException) e).limit()).isEqualTo("maxFileBytes"));
    assertThat(unread.available()).isEqualTo(5000);
    assertSpoolEmpty();
  }

  @Test
  void find_streamLongerThanTheLimit_failsAndDeletesTheSpool() throws Exception {
    byte[] db = Files.readAllBytes(DbFiles.sqlite(dir, TestPackages.blobs(TestPackages.varied())));
    ScanLimits limits = new ScanLimits(10, 4096, 4, 1 << 30, db.length - 1);
    // an entry that under-declares its size: the copy itself must stop at the limit
    LayerEntry entry = new LayerEntry("var/lib/rpm/rpmdb.sqlite", 10, 0644);

    assertThatThrownBy(() -> finder().find(entry, new ByteArrayInputStream(db), limits, new CollectingSink()))
        .isInstanceOf(LimitExceededException.class).hasMessageContaining("var/lib/rpm/rpmdb.sqlite");
    assertSpoolEmpty();
  }

  @Test
  void find_malformedDatabase_reportsNothingAndDoesNotThrow() throws Exception {
    byte[] noise = new byte[9000];
    Arrays.fill(noise, (byte) 7);

    CollectingSink sink = find("var/lib/rpm/Packages", noise, ScanLimits.defaults());

    assertThat(sink.packages).isEmpty();
    assertSpoolEmpty();
  }

  @Test
  void find_databaseBrokenPartWay_reportsThePackagesBeforeTheFault() throws Exception {
    Path file = DbFiles.bdb(dir, TestPackages.blobs(TestPackages.many(40)), ByteOrder.LITTLE_ENDIAN, 4096, 4);
    byte[] db = Files.readAllBytes(file);
    // break the chain of the last bucket: its first page now claims too many items
    int lastBucketPage = 4;
    db[lastBucketPage * 4096 + 20] = (byte) 0xff;
    db[lastBucketPage * 4096 + 21] = (byte) 0x7f;

    CollectingSink sink = find("var/lib/rpm/Packages", db, ScanLimits.defaults());

    assertThat(sink.packages).isNotEmpty().hasSizeLessThan(40);
    assertSpoolEmpty();
  }
}
