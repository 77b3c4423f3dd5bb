package dev.berth.scanner.advisory;

import static dev.berth.scanner.advisory.VersionRange.Event.fixed;
import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static dev.berth.scanner.advisory.VersionRange.Event.lastAffected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** One hand-written record per feed format, read into exactly the expected advisories. */
class FeedReadersTest {

  private static List<Advisory> readAll(Path p, List<FeedSummary> summaries) throws IOException {
    List<Advisory> out = new ArrayList<>();
    summaries.addAll(Feeds.read(p, out::add));
    return out;
  }

  @Test
  void osvRecord_mapsRangesLastAffectedAndComputedCvss_ignoringGitAndUnknownEcosystems() throws IOException {
    List<FeedSummary> summaries = new ArrayList<>();
    List<Advisory> read = readAll(Resources.path("osv-record.json"), summaries);

    String vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    Advisory expected = new Advisory("GHSA-berth-test-0001", "osv", List.of("CVE-2099-1001"),
        "Deserialisation flaw in example-lib", "example-lib before 2.3.1 deserialises untrusted data.",
        List.of(new Reference("ADVISORY", "https://github.com/advisories/GHSA-berth-test-0001"),
            new Reference("WEB", "https://example.org/advisory")),
        Optional.of(Instant.parse("2024-05-01T09:30:00Z")), Optional.of(Instant.parse("2024-05-02T10:00:00Z")),
        new Severity(NormalizedSeverity.CRITICAL, vector,
            Optional.of(new Cvss(Cvss.Version.V3_1, vector, OptionalDouble.of(9.8)))),
        List.of(
            new Affected(Ecosystem.MAVEN, Optional.empty(), "org.example:example-lib", false,
                AffectedVersions.Ranges.of(VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("0"),
                    fixed("2.3.1"))),
                Optional.empty()),
            new Affected(Ecosystem.MAVEN, Optional.empty(), "org.example:example-lib", false,
                AffectedVersions.Ranges.of(VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("3.0"),
                    lastAffected("3.0.4"))),
                Optional.of(new Severity(NormalizedSeverity.MEDIUM, "MODERATE", Optional.empty())))));
    assertThat(read).containsExactly(expected);
    assertThat(summaries).containsExactly(new FeedSummary("osv-record.json", FeedKind.OSV_RECORD, 1, 1,
        Map.of("range:GIT", 1L, "ecosystem:crates.io", 1L)));
  }

  @Test
  void debianTracker_keysBySourcePackage_shiftsUrgency_andReadsZeroAndUnfixed() throws IOException {
    List<FeedSummary> summaries = new ArrayList<>();
    List<Advisory> read = readAll(Resources.path("debian-tracker.json"), summaries);

    Advisory openssl = new Advisory("CVE-2099-2001", "debian-security-tracker", List.of(), "",
        "A buffer overread in X.509 name checking.",
        List.of(new Reference("ADVISORY", "https://security-tracker.debian.org/tracker/CVE-2099-2001"),
            new Reference("REPORT", "https://bugs.debian.org/1000001")),
        Optional.empty(), Optional.empty(), Severity.unknown(),
        List.of(
            debian("12", "openssl", new AffectedVersions.FixedIn("3.0.8-1"), NormalizedSeverity.HIGH, "medium"),
            debian("11", "openssl", new AffectedVersions.Unfixed(), NormalizedSeverity.CRITICAL, "high**"),
            debian("unstable", "openssl", new AffectedVersions.NotAffected(), NormalizedSeverity.LOW,
                "unimportant")));
    Advisory zlib = new Advisory("TEMP-0000001-ABCDEF", "debian-security-tracker", List.of(), "", "",
        List.of(new Reference("ADVISORY", "https://security-tracker.debian.org/tracker/TEMP-0000001-ABCDEF")),
        Optional.empty(), Optional.empty(), Severity.unknown(),
        List.of(debian("13", "zlib", new AffectedVersions.Unfixed(), NormalizedSeverity.UNKNOWN,
            "not yet assigned")));
    assertThat(read).containsExactly(openssl, zlib);
    assertThat(summaries).containsExactly(new FeedSummary("debian-tracker.json", FeedKind.DEBIAN_TRACKER, 3, 2,
        Map.of("release:hamm", 1L, "cve-without-releases", 1L)));
  }

  @Test
  void alpineSecdb_readsOriginNames_zeroAsNotAffected_andExtraIdsAsAliases() throws IOException {
    List<FeedSummary> summaries = new ArrayList<>();
    List<Advisory> read = readAll(Resources.path("alpine-secdb.json"), summaries);

    assertThat(read).containsExactly(
        alpine("CVE-2099-3001", List.of(), alpineEntry("openssl", new AffectedVersions.FixedIn("3.1.4-r1"))),
        alpine("CVE-2099-3002", List.of(), alpineEntry("openssl", new AffectedVersions.NotAffected())),
        alpine("CVE-2099-3003", List.of("ALPINE-13661"),
            alpineEntry("busybox", new AffectedVersions.FixedIn("1.36.1-r1")),
            alpineEntry("busybox", new AffectedVersions.FixedIn("1.36.1-r5"))));
    assertThat(summaries).containsExactly(
        new FeedSummary("alpine-secdb.json", FeedKind.ALPINE_SECDB, 4, 3, Map.of()));
  }

  private static Affected debian(String release, String source, AffectedVersions v, NormalizedSeverity n,
      String urgency) {
    return new Affected(Ecosystem.DEBIAN, Optional.of(new ReleaseKey("debian", release)), source, true, v,
        Optional.of(new Severity(n, urgency, Optional.empty())));
  }

  private static Affected alpineEntry(String origin, AffectedVersions v) {
    return new Affected(Ecosystem.ALPINE, Optional.of(new ReleaseKey("alpine", "v3.18")), origin, true, v,
        Optional.empty());
  }

  private static Advisory alpine(String id, List<String> aliases, Affected... affected) {
    return new Advisory(id, "alpine-secdb", aliases, "", "",
        List.of(new Reference("ADVISORY", "https://security.alpinelinux.org/vuln/" + id)), Optional.empty(),
        Optional.empty(), Severity.unknown(), List.of(affected));
  }
}
