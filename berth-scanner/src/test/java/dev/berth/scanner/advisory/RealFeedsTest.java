package dev.berth.scanner.advisory;

import static dev.berth.scanner.advisory.VersionRange.Event.fixed;
import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The real samples in {@code berth.fixtures/advisories} parse and yield what their PROVENANCE.md describes. */
class RealFeedsTest {

  private static Advisory only(Path file, FeedKind kind) throws IOException {
    assertThat(Feeds.detect(file)).isEqualTo(kind);
    List<Advisory> read = new ArrayList<>();
    Feeds.read(file, read::add);
    assertThat(read).hasSize(1);
    return read.getFirst();
  }

  @Test
  void osvDebianDsa_isNginxFixedInWheezy3_onDebian7() throws IOException {
    Advisory a = only(Fixtures.advisories().resolve("osv/debian-DSA-3029-1.json"), FeedKind.OSV_RECORD);
    assertThat(a.id()).isEqualTo("DSA-3029-1");
    assertThat(a.aliases()).containsExactly("CVE-2014-3616");
    assertThat(a.affected()).containsExactly(new Affected(Ecosystem.DEBIAN,
        Optional.of(new ReleaseKey("debian", "7")), "nginx", true,
        AffectedVersions.Ranges.of(VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("0"),
            fixed("1.2.1-2.2+wheezy3"))),
        Optional.empty()));
  }

  @Test
  void osvAlpine_isMariadbInFiveBranches() throws IOException {
    Advisory a = only(Fixtures.advisories().resolve("osv/alpine-CVE-2022-27449.json"), FeedKind.OSV_RECORD);
    assertThat(a.affected()).extracting(e -> e.release().orElseThrow().toString())
        .containsExactly("alpine:v3.12", "alpine:v3.13", "alpine:v3.14", "alpine:v3.15", "alpine:v3.16");
    assertThat(a.affected()).allSatisfy(e -> {
      assertThat(e.packageName()).isEqualTo("mariadb");
      assertThat(e.sourcePackage()).isTrue();
    });
    assertThat(a.severity()).isEqualTo(Severity.unknown());
  }

  @Test
  void osvMavenGhsa_any23_isCriticalFromItsCvssVector() throws IOException {
    Advisory a = only(Fixtures.advisories().resolve("osv/maven-GHSA-838r-hvwh-24h8.json"), FeedKind.OSV_RECORD);
    assertThat(a.affected()).singleElement().satisfies(e -> {
      assertThat(e.ecosystem()).isEqualTo(Ecosystem.MAVEN);
      assertThat(e.packageName()).isEqualTo("org.apache.any23:apache-any23");
    });
    assertThat(a.severity().normalized()).isEqualTo(NormalizedSeverity.CRITICAL);
    assertThat(a.severity().cvss().orElseThrow().baseScore()).hasValue(9.1);
  }

  @Test
  void osvMavenGhsa_springBoot_isMediumFromItsCvss30Vector() throws IOException {
    Advisory a = only(Fixtures.advisories().resolve("osv/maven-GHSA-xx65-cc7g-9pfp.json"), FeedKind.OSV_RECORD);
    assertThat(a.affected().getFirst().versions()).isEqualTo(AffectedVersions.Ranges.of(
        VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("1.5.0"), fixed("1.5.10"))));
    assertThat(a.severity().normalized()).isEqualTo(NormalizedSeverity.MEDIUM);
  }

  @Test
  void osvNpmGhsa_formidable_hasTwoEntries_andIsLow() throws IOException {
    Advisory a = only(Fixtures.advisories().resolve("osv/npm-GHSA-75v8-2h7p-7m2m.json"), FeedKind.OSV_RECORD);
    assertThat(a.affected()).hasSize(2).allSatisfy(e -> assertThat(e.packageName()).isEqualTo("formidable"));
    assertThat(a.severity().normalized()).isEqualTo(NormalizedSeverity.LOW);
  }

  @Test
  void osvPypi_qutebrowser_dropsTheGitRange_keepsEcosystemRangeAndVersions() throws IOException {
    Path f = Fixtures.advisories().resolve("osv/pypi-PYSEC-2018-27.json");
    List<Advisory> read = new ArrayList<>();
    FeedSummary s = Feeds.read(f, read::add).getFirst();
    assertThat(s.ignored()).isEqualTo(Map.of("range:GIT", 1L));
    AffectedVersions.Ranges r = (AffectedVersions.Ranges) read.getFirst().affected().getFirst().versions();
    assertThat(r.ranges()).containsExactly(
        VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("0"), fixed("1.4.1")));
    assertThat(r.versions()).hasSize(43).contains("1.4.0");
  }

  @Test
  void osvGo_hasStdlibAndXNet_withSemverRanges() throws IOException {
    Advisory a = only(Fixtures.advisories().resolve("osv/go-GO-2024-2687.json"), FeedKind.OSV_RECORD);
    assertThat(a.affected()).extracting(Affected::packageName).containsExactly("stdlib", "golang.org/x/net");
    assertThat(a.affected().getFirst().versions()).isEqualTo(AffectedVersions.Ranges.of(
        VersionRange.of(VersionRange.Type.SEMVER, introduced("0"), fixed("1.21.9"), introduced("1.22.0-0"),
            fixed("1.22.2"))));
    assertThat(a.published()).isEmpty();
  }

  @Test
  void alpineSecdb_v310Community_holdsNineFixesOfThreePackages() throws IOException {
    List<Advisory> read = new ArrayList<>();
    FeedSummary s = Feeds.read(Fixtures.advisories().resolve("alpine-secdb/v3.10-community.json"), read::add)
        .getFirst();
    assertThat(s.kind()).isEqualTo(FeedKind.ALPINE_SECDB);
    assertThat(read).hasSize(9);
    assertThat(read).flatExtracting(Advisory::affected).extracting(Affected::packageName).containsOnly(
        "botan", "cfengine", "chicken");
    assertThat(read).filteredOn(a -> a.id().equals("CVE-2018-20187")).singleElement()
        .satisfies(a -> assertThat(a.affected().getFirst().versions())
            .isEqualTo(new AffectedVersions.FixedIn("2.9.0-r0")));
    assertThat(read).flatExtracting(Advisory::affected).allSatisfy(e ->
        assertThat(e.release()).hasValue(new ReleaseKey("alpine", "v3.10")));
  }

  @Test
  void chainguardSecdb_isPlacedUnderChainguardRolling_withZeroAsNotAffected() throws IOException {
    List<Advisory> read = new ArrayList<>();
    FeedSummary s = Feeds.read(Fixtures.advisories().resolve("alpine-secdb/chainguard-security.json"), read::add)
        .getFirst();
    assertThat(s.records()).isEqualTo(197);
    assertThat(read).hasSize(197);
    assertThat(read.stream().flatMap(a -> a.affected().stream()).map(Affected::packageName).distinct())
        .hasSize(57);
    assertThat(read).filteredOn(a -> a.id().equals("CVE-2016-2781")).singleElement().satisfies(a ->
        assertThat(a.affected()).containsExactly(new Affected(Ecosystem.ALPINE,
            Optional.of(new ReleaseKey("chainguard", "rolling")), "coreutils", true,
            new AffectedVersions.NotAffected(), Optional.empty())));
  }

  @Test
  void debianTracker_excerpt_holdsSevenCves_ofWhichSixHaveReleases() throws IOException {
    List<Advisory> read = new ArrayList<>();
    FeedSummary s = Feeds.read(Fixtures.advisories().resolve("debian-tracker/debian.json"), read::add).getFirst();
    assertThat(s).isEqualTo(new FeedSummary("debian.json", FeedKind.DEBIAN_TRACKER, 7, 6,
        Map.of("cve-without-releases", 1L)));
    assertThat(read).extracting(a -> a.affected().getFirst().packageName()).containsExactly(
        "prototypejs", "prototypejs", "txt2man", "backupninja", "chromium", "sope");
    Advisory notAffected = read.get(1);
    assertThat(notAffected.id()).isEqualTo("CVE-2007-2383");
    assertThat(notAffected.affected()).allSatisfy(e -> {
      assertThat(e.versions()).isEqualTo(new AffectedVersions.NotAffected());
      assertThat(e.severity()).hasValue(new Severity(NormalizedSeverity.LOW, "unimportant", Optional.empty()));
    });
    assertThat(read.getFirst().affected()).allSatisfy(e -> assertThat(e.severity().orElseThrow().normalized())
        .isEqualTo(NormalizedSeverity.CRITICAL));
    Advisory chromium = read.get(4);
    assertThat(chromium.affected()).filteredOn(e -> e.release().orElseThrow().version().equals("10"))
        .singleElement().satisfies(e -> assertThat(e.versions()).isEqualTo(new AffectedVersions.Unfixed()));
  }

  @Test
  void redHatCsaf_isNotAFeedBerthReads_andSaysSo() {
    Path f = Fixtures.advisories().resolve("redhat-csaf/cve-2023-4154.json");
    assertThatThrownBy(() -> Feeds.detect(f)).isInstanceOf(FeedFormatException.class)
        .hasMessageContaining("cve-2023-4154.json");
  }

  @Test
  void allSamples_loadTogether_intoOneDatabase() throws IOException {
    Path dir = Fixtures.advisories();
    AdvisoryDb db = AdvisoryDb.load(List.of(dir.resolve("osv"), dir.resolve("alpine-secdb/v3.10-community.json"),
        dir.resolve("alpine-secdb/chainguard-security.json"), dir.resolve("debian-tracker/debian.json")));
    assertThat(db.sources()).extracting(FeedSummary::kind).containsExactly(FeedKind.OSV_DIRECTORY,
        FeedKind.ALPINE_SECDB, FeedKind.ALPINE_SECDB, FeedKind.DEBIAN_TRACKER);
    assertThat(db.sources().getFirst().advisories()).isEqualTo(7);
    assertThat(db.candidates(Ecosystem.DEBIAN, Optional.of(new ReleaseKey("debian", "12")), "sope"))
        .singleElement().satisfies(c -> assertThat(c.affected().versions())
            .isEqualTo(new AffectedVersions.FixedIn("5.8.0-1+deb12u1")));
  }
}
