package dev.berth.scanner.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.advisory.NormalizedSeverity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Matching against the real advisory samples, with versions the test-local ordering handles. */
class RealFeedsMatchTest {

  @Test
  void any23BeforeTheFix_isCritical_andTheFixedVersionIsClean() throws IOException {
    Path dir = Fixtures.advisories();
    AdvisoryDb db = AdvisoryDb.load(List.of(dir.resolve("osv")));
    InstalledPackage old = InstalledPackage.of("org.apache.any23:apache-any23", "2.4", Ecosystem.MAVEN, "a.jar");
    InstalledPackage fixed = InstalledPackage.of("org.apache.any23:apache-any23", "2.5", Ecosystem.MAVEN, "b.jar");

    VulnerabilityReport r = new Matcher(DottedNumeric.forAllKinds()).match(List.of(old, fixed), Optional.empty(), db);

    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.pkg()).isEqualTo(old);
      assertThat(f.advisory().id()).isEqualTo("GHSA-838r-hvwh-24h8");
      assertThat(f.severity().normalized()).isEqualTo(NormalizedSeverity.CRITICAL);
      assertThat(f.fixedIn()).hasValue("2.5");
    });
  }

  @Test
  void trackerEntries_matchBusterBinariesOfTheSourcePackage() throws IOException {
    AdvisoryDb db = AdvisoryDb.load(List.of(Fixtures.advisories().resolve("debian-tracker/debian.json")));
    Optional<Distribution> buster = Optional.of(new Distribution("debian", "10", "buster", "", "", ""));
    InstalledPackage txt2man = InstalledPackage.of("txt2man", "1.5.5-4", Ecosystem.DEBIAN, "var/lib/dpkg/status");
    InstalledPackage prototype = new InstalledPackage("libjs-prototype", "1.7.1-3", Ecosystem.DEBIAN,
        "prototypejs", "1.7.1-3", "all", "var/lib/dpkg/status");

    VulnerabilityReport r = new Matcher(DottedNumeric.forAllKinds()).match(List.of(txt2man, prototype), buster, db);

    // txt2man 1.5.5-4 < 1.5.5-4.1 (urgency low** → Medium); prototypejs 1.7.1-3 is past 1.6.0.2-1, and the
    // other prototypejs CVE is "0" (not affected).
    assertThat(r.findings()).singleElement().satisfies(f -> {
      assertThat(f.advisory().id()).isEqualTo("CVE-2013-1444");
      assertThat(f.severity().normalized()).isEqualTo(NormalizedSeverity.MEDIUM);
      assertThat(f.fixedIn()).hasValue("1.5.5-4.1");
    });
  }
}
