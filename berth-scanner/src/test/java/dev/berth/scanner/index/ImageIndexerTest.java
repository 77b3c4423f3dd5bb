package dev.berth.scanner.index;

import static dev.berth.scanner.index.TestLayers.DEBIAN_12;
import static dev.berth.scanner.index.TestLayers.dpkgStatus;
import static dev.berth.scanner.index.TestLayers.gzip;
import static dev.berth.scanner.layer.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerIndex;
import dev.berth.scanner.layer.ScanLimits;
import dev.berth.scanner.os.OsFinders;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Layers merged in order: whiteouts, opaque directories and replaced databases across two and three layers. */
class ImageIndexerTest {
  private static final String MANIFEST = "sha256:" + "a".repeat(64);
  private final ImageIndexer indexer = new ImageIndexer(OsFinders.all());

  private IndexReport index(LayerSource... layers) throws IOException {
    return indexer.index(MANIFEST, List.of(layers));
  }

  private static List<String> names(IndexReport report) {
    return report.packages().stream().map(p -> p.pkg().name()).toList();
  }

  @Test
  void index_aDatabaseWhitedOutInAnUpperLayerIsNotReported() throws IOException {
    LayerSource base = gzip(tar().file("etc/os-release", DEBIAN_12)
        .file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9", "bash=5.2")));
    LayerSource delete = gzip(tar().whiteout("var/lib/dpkg/status"));

    IndexReport report = index(base, delete);

    assertThat(report.packages()).isEmpty();
    assertThat(report.distribution()).map(d -> d.distribution().id()).contains("debian");
    assertThat(report.success()).isTrue();
  }

  @Test
  void index_aWhiteoutOfAnAncestorDirectoryHidesTheDatabase() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9")));
    LayerSource delete = gzip(tar().whiteout("var/lib"));

    assertThat(index(base, delete).packages()).isEmpty();
  }

  @Test
  void index_aWhiteoutOfASiblingLeavesTheDatabase() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9")));
    LayerSource delete = gzip(tar().whiteout("var/lib/dpkg/status-old").whiteout("var/lib/dpk"));

    assertThat(names(index(base, delete))).containsExactly("libc6");
  }

  @Test
  void index_aReplacedDatabaseReportsTheUpperCopyAndKeepsWhereUnchangedPackagesCameFrom() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9", "bash=5.2")));
    LayerSource upgrade = gzip(tar().file("var/lib/dpkg/status",
        dpkgStatus("libc6=2.36-9", "bash=5.3", "curl=7.88")));

    IndexReport report = index(base, upgrade);

    assertThat(report.packages()).extracting(p -> p.pkg().name(), p -> p.pkg().version(), IndexedPackage::introducedIn)
        .containsExactly(tuple("libc6", "2.36-9", base.digest()), tuple("bash", "5.3", upgrade.digest()),
            tuple("curl", "7.88", upgrade.digest()));
  }

  @Test
  void index_anOpaqueDirectoryHidesLowerEntriesButNotItsOwnLayers() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status.d/base", dpkgStatus("base-files=12.4"))
        .file("var/lib/dpkg/status.d/tzdata", dpkgStatus("tzdata=2024a")));
    LayerSource rebuilt = gzip(tar().opaque("var/lib/dpkg/status.d")
        .file("var/lib/dpkg/status.d/netbase", dpkgStatus("netbase=6.4")));

    IndexReport report = index(base, rebuilt);

    assertThat(names(report)).containsExactly("netbase");
  }

  @Test
  void index_threeLayersDeleteThenReAddADatabase() throws IOException {
    LayerSource base = gzip(tar().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\nA:x86_64\n")
        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.18.4\nNAME=\"Alpine Linux\"\n"));
    LayerSource delete = gzip(tar().whiteout("lib/apk"));
    LayerSource readd = gzip(tar().file("lib/apk/db/installed", "P:busybox\nV:1.36.1-r5\nA:x86_64\n"));

    assertThat(names(index(base, delete))).isEmpty();
    IndexReport report = index(base, delete, readd);
    assertThat(report.packages()).extracting(p -> p.pkg().name(), IndexedPackage::introducedIn)
        .containsExactly(tuple("busybox", readd.digest()));
    assertThat(report.distribution()).map(d -> d.distribution().versionId()).contains("3.18.4");
  }

  @Test
  void index_aLinkAtTheDatabasePathHidesTheLowerDatabaseWithoutBeingFollowed() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9"))
        .file("elsewhere/status", dpkgStatus("evil=1")));
    LayerSource link = gzip(tar().symlink("var/lib/dpkg/status", "../../../elsewhere/status"));

    assertThat(index(base, link).packages()).isEmpty();
  }

  @Test
  void index_packagesOfAllDatabasesSurviveSideBySide() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9")));
    LayerSource distroless = gzip(tar().file("var/lib/dpkg/status.d/app", dpkgStatus("app=1.0")));

    IndexReport report = index(base, distroless);

    assertThat(report.packages()).extracting(p -> p.pkg().name(), p -> p.pkg().path())
        .containsExactly(tuple("libc6", "var/lib/dpkg/status"), tuple("app", "var/lib/dpkg/status.d/app"));
  }

  @Test
  void index_aUsrMergedWolfiImage_readsTheApkDatabaseUnderUsrLib() throws IOException {
    // Regression: Wolfi and Chainguard keep apk's database at usr/lib/apk/db/installed (lib -> usr/lib), and
    // such images indexed no packages at all.
    LayerSource wolfi = gzip(tar().symlink("lib", "usr/lib")
        .file("usr/lib/apk/db/installed", "P:glibc\nV:2.40-r3\nA:x86_64\no:glibc\n\nP:busybox\nV:1.37.0-r0\n")
        .file("etc/os-release", "ID=wolfi\nNAME=\"Wolfi\"\nVERSION_ID=20230201\n"));

    IndexReport report = index(wolfi);

    assertThat(report.packages()).extracting(p -> p.pkg().name(), p -> p.pkg().path())
        .containsExactly(tuple("glibc", "usr/lib/apk/db/installed"), tuple("busybox", "usr/lib/apk/db/installed"));
  }

  @Test
  void index_anApkDatabaseAtBothPlacesInOneLayer_countsEachPackageOnce() throws IOException {
    String db = "P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:busybox\nV:1.36.1-r5\nA:x86_64\n";
    LayerSource both = gzip(tar().file("lib/apk/db/installed", db).file("usr/lib/apk/db/installed", db));

    assertThat(index(both).packages()).extracting(p -> p.pkg().name(), p -> p.pkg().path())
        .containsExactly(tuple("musl", "lib/apk/db/installed"), tuple("busybox", "lib/apk/db/installed"));
  }

  @Test
  void index_anApkDatabaseRewrittenAtTheOtherPlaceByAnUpperLayer_keepsTheUpperCopyOnly() throws IOException {
    LayerSource base = gzip(tar().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n\nP:old\nV:1.0-r0\n"));
    LayerSource merged = gzip(tar().file("usr/lib/apk/db/installed", "P:musl\nV:1.2.4-r3\n"));
    LayerSource emptied = gzip(tar().file("usr/lib/apk/db/installed", ""));

    assertThat(index(base, merged).packages()).extracting(p -> p.pkg().name(), p -> p.pkg().version())
        .containsExactly(tuple("musl", "1.2.4-r3"));
    assertThat(index(base, merged, emptied).packages()).isEmpty();
    assertThat(names(index(base, merged, gzip(tar().whiteout("usr/lib/apk"))))).containsExactly("musl", "old");
  }

  @Test
  void index_theDistributionIsTheTopmostSurvivingOne() throws IOException {
    LayerSource base = gzip(tar().file("etc/os-release", DEBIAN_12));
    LayerSource upgraded = gzip(tar().file("usr/lib/os-release",
        "ID=debian\nVERSION_ID=13\nVERSION_CODENAME=trixie\n"));

    IndexReport report = index(base, upgraded);

    assertThat(report.distribution()).hasValueSatisfying(d -> {
      assertThat(d.distribution().versionId()).isEqualTo("13");
      assertThat(d.path()).isEqualTo("usr/lib/os-release");
      assertThat(d.layerDigest()).isEqualTo(upgraded.digest());
    });
  }

  @Test
  void index_osReleaseWinsOverLsbReleaseAndIssueInTheSameLayer() throws IOException {
    LayerSource layer = gzip(tar().file("etc/issue", "Welcome to Alpine Linux 3.17\n")
        .file("etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n")
        .file("etc/os-release", "ID=alpine\nVERSION_ID=3.18.4\n"));

    assertThat(index(layer).distribution()).map(d -> d.path()).contains("etc/os-release");
  }

  @Test
  void index_aDeletedOsReleaseLeavesTheLowerLsbRelease() throws IOException {
    LayerSource base = gzip(tar().file("etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\n")
        .file("etc/os-release", "ID=ubuntu\nVERSION_ID=\"22.04\"\n"));
    LayerSource delete = gzip(tar().whiteout("etc/os-release"));

    assertThat(index(base, delete).distribution()).map(d -> d.path()).contains("etc/lsb-release");
    assertThat(index(base, gzip(tar().opaque("etc"))).distribution()).isEmpty();
  }

  @Test
  void index_reusesACachedLayerIndexWithoutReadingTheLayer() throws IOException {
    byte[] blob = tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9")).plain();
    AtomicInteger opens = new AtomicInteger();
    LayerIndexCache cache = LayerIndexCache.inMemory(10);
    ImageIndexer cached = new ImageIndexer(OsFinders.all(), ScanLimits.defaults(), cache);

    IndexReport first = cached.index(MANIFEST, List.of(TestLayers.counting(blob, opens)));
    IndexReport second = cached.index("sha256:" + "b".repeat(64), List.of(TestLayers.counting(blob, opens)));

    assertThat(opens).hasValue(1);
    assertThat(second.packages()).isEqualTo(first.packages());
    assertThat(cache.get(TestLayers.sha256(blob))).isPresent();
  }

  @Test
  void index_rereadsALayerCachedByAnotherSetOfFinders() throws IOException {
    byte[] blob = tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9")).plain();
    AtomicInteger opens = new AtomicInteger();
    LayerIndexCache cache = LayerIndexCache.inMemory(10);
    new ImageIndexer(List.of(OsFinders.apk()), ScanLimits.defaults(), cache)
        .index(MANIFEST, List.of(TestLayers.counting(blob, opens)));

    IndexReport report = new ImageIndexer(OsFinders.all(), ScanLimits.defaults(), cache)
        .index(MANIFEST, List.of(TestLayers.counting(blob, opens)));

    assertThat(opens).hasValue(2);
    assertThat(names(report)).containsExactly("libc6");
  }

  @Test
  void inMemoryCache_evictsTheLeastRecentlyUsed() {
    LayerIndexCache cache = LayerIndexCache.inMemory(2);
    cache.put(empty("sha256:1"));
    cache.put(empty("sha256:2"));
    cache.get("sha256:1");
    cache.put(empty("sha256:3"));

    assertThat(cache.get("sha256:1")).isPresent();
    assertThat(cache.get("sha256:2")).isEmpty();
    assertThat(cache.get("sha256:3")).isPresent();
  }

  @Test
  void merge_worksOnLayerIndexesReadBackFromJson() throws IOException {
    LayerSource base = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9", "bash=5.2")));
    LayerSource delete = gzip(tar().file("var/lib/dpkg/status", dpkgStatus("libc6=2.36-9")));
    LayerIndex a = LayerIndex.fromJson(indexer.indexLayer(base).toJson());
    LayerIndex b = LayerIndex.fromJson(indexer.indexLayer(delete).toJson());

    IndexReport report = ImageIndexer.merge(MANIFEST, List.of(a, b));

    assertThat(report.packages()).extracting(IndexedPackage::pkg).extracting(InstalledPackage::name)
        .containsExactly("libc6");
  }

  private static LayerIndex empty(String digest) {
    return new LayerIndex(digest, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0,
        0);
  }
}
