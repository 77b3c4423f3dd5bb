package dev.berth.scanner.match;

import static dev.berth.scanner.advisory.VersionRange.Event.fixed;
import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static dev.berth.scanner.advisory.VersionRange.Event.lastAffected;
import static dev.berth.scanner.match.Advisories.advisory;
import static dev.berth.scanner.match.Advisories.ecosystem;
import static dev.berth.scanner.match.Advisories.lang;
import static dev.berth.scanner.match.Advisories.os;
import static dev.berth.scanner.match.Advisories.semver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.advisory.Advisory;
import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.advisory.Affected;
import dev.berth.scanner.advisory.AffectedVersions;
import dev.berth.scanner.advisory.NormalizedSeverity;
import dev.berth.scanner.advisory.ReleaseKey;
import dev.berth.scanner.advisory.Severity;
import dev.berth.scanner.version.InvalidVersionException;
import dev.berth.scanner.version.VersionScheme;
import dev.berth.scanner.version.VersionSchemes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatcherTest {
  private static final Optional<Distribution> BOOKWORM =
      Optional.of(new Distribution("debian", "12", "bookworm", "Debian GNU/Linux", "Debian GNU/Linux 12", ""));
  private static final Optional<Distribution> ALPINE_318 =
      Optional.of(new Distribution("alpine", "3.18.4", "", "Alpine Linux", "Alpine Linux v3.18", ""));

  private final Matcher matcher = new Matcher(DottedNumeric.forAllKinds());

  private static InstalledPackage deb(String name, String version, String source, String sourceVersion) {
    return new InstalledPackage(name, version, Ecosystem.DEBIAN, source, sourceVersion, "amd64",
        "var/lib/dpkg/status");
  }

  private static InstalledPackage lib(Ecosystem eco, String name, String version) {
    return InstalledPackage.of(name, version, eco, "app/" + name);
  }

  private List<Finding> findings(List<InstalledPackage> pkgs, Optional<Distribution> dist, Advisory... advisories) {
    return matcher.match(pkgs, dist, AdvisoryDb.of(List.of(advisories))).findings();
  }

  @Test
  void debian_matchesEveryBinaryOfTheSourcePackage_comparingTheBinaryVersion() {
    Advisory a = advisory("CVE-2099-1",
        os(Ecosystem.DEBIAN, "debian:12", "openssl", new AffectedVersions.FixedIn("3.0.8-1")));
    InstalledPackage libssl = deb("libssl3", "3.0.7-1", "openssl", "3.0.7-1");
    InstalledPackage cli = deb("openssl", "3.0.7-1", "openssl", "3.0.7-1");
    InstalledPackage rebuilt = deb("libssl-dev", "3.0.9-1", "openssl", "3.0.7-1");
    InstalledPackage other = deb("zlib1g", "1.0-1", "zlib", "1.0-1");

    List<Finding> found = findings(List.of(libssl, cli, rebuilt, other), BOOKWORM, a);

    assertThat(found).extracting(f -> f.pkg().name()).containsExactly("libssl3", "openssl");
    assertThat(found).allSatisfy(f -> assertThat(f.fixedIn()).hasValue("3.0.8-1"));
  }

  @Test
  void debian_sourceEntries_doNotMatchABinaryThatOnlySharesTheName() {
    Advisory a = advisory("CVE-2099-2",
        os(Ecosystem.DEBIAN, "debian:12", "zlib", new AffectedVersions.Unfixed()));
    InstalledPackage zlibFromOtherSource = deb("zlib", "1.0-1", "zlib-ng", "1.0-1");
    assertThat(findings(List.of(zlibFromOtherSource), BOOKWORM, a)).isEmpty();
  }

  @Test
  void debian_advisoriesOfAnotherReleaseOrDistribution_doNotMatch() {
    Advisory a = advisory("CVE-2099-3",
        os(Ecosystem.DEBIAN, "debian:11", "openssl", new AffectedVersions.Unfixed()),
        os(Ecosystem.ALPINE, "alpine:v3.18", "openssl", new AffectedVersions.Unfixed()));
    assertThat(findings(List.of(deb("openssl", "3.0.7-1", "openssl", "3.0.7-1")), BOOKWORM, a)).isEmpty();
  }

  @Test
  void unfixed_affectsEveryVersion_withoutAFixedIn() {
    Advisory a = advisory("CVE-2099-4",
        os(Ecosystem.DEBIAN, "debian:12", "openssl", new AffectedVersions.Unfixed()));
    assertThat(findings(List.of(deb("openssl", "99.0-1", "openssl", "99.0-1")), BOOKWORM, a))
        .singleElement().satisfies(f -> assertThat(f.fixedIn()).isEmpty());
  }

  @Test
  void notAffected_neverMatches() {
    Advisory a = advisory("CVE-2099-5",
        os(Ecosystem.DEBIAN, "debian:12", "openssl", new AffectedVersions.NotAffected()));
    assertThat(findings(List.of(deb("openssl", "0.1-1", "openssl", "0.1-1")), BOOKWORM, a)).isEmpty();
  }

  @Test
  void versionExactlyAtTheFixedVersion_isNotAffected_andJustBeforeIs() {
    Advisory a = advisory("CVE-2099-6",
        os(Ecosystem.DEBIAN, "debian:12", "openssl", new AffectedVersions.FixedIn("3.0.8-1")));
    assertThat(findings(List.of(deb("openssl", "3.0.8-1", "openssl", "3.0.8-1")), BOOKWORM, a)).isEmpty();
    assertThat(findings(List.of(deb("openssl", "3.0.8-0", "openssl", "3.0.8-0")), BOOKWORM, a)).hasSize(1);
  }

  @Test
  void alpine_matchesByOrigin_underTheImagesBranch() {
    Advisory a = advisory("CVE-2099-7",
        os(Ecosystem.ALPINE, "alpine:v3.18", "openssl", new AffectedVersions.FixedIn("3.1.4-r1")));
    InstalledPackage libcrypto = new InstalledPackage("libcrypto3", "3.1.4-r0", Ecosystem.ALPINE, "openssl",
        "3.1.4-r0", "x86_64", "lib/apk/db/installed");
    InstalledPackage fixedOne = new InstalledPackage("libssl3", "3.1.4-r1", Ecosystem.ALPINE, "openssl",
        "3.1.4-r1", "x86_64", "lib/apk/db/installed");

    assertThat(findings(List.of(libcrypto, fixedOne), ALPINE_318, a)).singleElement().satisfies(f -> {
      assertThat(f.pkg()).isEqualTo(libcrypto);
      assertThat(f.fixedIn()).hasValue("3.1.4-r1");
    });
    Optional<Distribution> v317 = Optional.of(new Distribution("alpine", "3.17.1", "", "", "", ""));
    assertThat(findings(List.of(libcrypto), v317, a)).isEmpty();
  }

  @Test
  void maven_matchesByGroupAndArtifact() {
    Advisory a = advisory("GHSA-m", lang(Ecosystem.MAVEN, "org.example:lib", ecosystem(introduced("0"),
        fixed("2.3.1"))));
    List<Finding> found = findings(List.of(lib(Ecosystem.MAVEN, "org.example:lib", "2.3.0"),
        lib(Ecosystem.MAVEN, "org.example:lib-extra", "2.3.0"), lib(Ecosystem.MAVEN, "org.other:lib", "1.0"),
        lib(Ecosystem.MAVEN, "org.example:lib", "2.3.1")), Optional.empty(), a);
    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.pkg().version()).isEqualTo("2.3.0");
      assertThat(f.fixedIn()).hasValue("2.3.1");
    });
  }

  @Test
  void pypi_matchesPep503NormalisedNames() {
    Advisory a = advisory("PYSEC-p", lang(Ecosystem.PYPI, "Django-REST-Framework", ecosystem(introduced("0"),
        fixed("3.15.2"))));
    assertThat(findings(List.of(lib(Ecosystem.PYPI, "django_rest.framework", "3.14.0")), Optional.empty(), a))
        .hasSize(1);
  }

  @Test
  void npm_matchesByPackageName_andSameNameInAnotherEcosystemDoesNot() {
    Advisory a = advisory("GHSA-n", lang(Ecosystem.NPM, "left-pad", ecosystem(introduced("0"), fixed("1.3.0"))));
    assertThat(findings(List.of(lib(Ecosystem.NPM, "left-pad", "1.2.0"), lib(Ecosystem.PYPI, "left-pad", "1.2.0")),
        Optional.empty(), a)).extracting(f -> f.pkg().ecosystem()).containsExactly(Ecosystem.NPM);
  }

  @Test
  void go_matchesModulesAndTheToolchain_normalisingVersionsForTheScheme() {
    Advisory a = advisory("GO-2099-1",
        lang(Ecosystem.GO, "stdlib", semver(introduced("0"), fixed("1.21.9"), introduced("1.22.0"),
            fixed("1.22.2"))),
        lang(Ecosystem.GO, "golang.org/x/net", semver(introduced("0"), fixed("0.23.0"))));
    List<Finding> found = findings(List.of(lib(Ecosystem.GO, "golang.org/x/net", "v0.22.0"),
        lib(Ecosystem.GO, "golang.org/x/net", "v0.23.0"), lib(Ecosystem.GO, "stdlib", "go1.22.1"),
        lib(Ecosystem.GO, "stdlib", "go1.21.9"), lib(Ecosystem.GO, "stdlib", "go1.21")), Optional.empty(), a);
    assertThat(found).extracting(f -> f.pkg().name() + " " + f.pkg().version() + " -> " + f.fixedIn().orElse(""))
        .containsExactly("golang.org/x/net v0.22.0 -> 0.23.0", "stdlib go1.22.1 -> 1.22.2",
            "stdlib go1.21 -> 1.21.9");
  }

  @Test
  void lastAffected_isInclusive() {
    Advisory a = advisory("GHSA-l", lang(Ecosystem.MAVEN, "g:a", ecosystem(introduced("3.0"),
        lastAffected("3.0.4"))));
    List<Finding> found = findings(List.of(lib(Ecosystem.MAVEN, "g:a", "2.9"), lib(Ecosystem.MAVEN, "g:a", "3.0"),
        lib(Ecosystem.MAVEN, "g:a", "3.0.4"), lib(Ecosystem.MAVEN, "g:a", "3.0.5")), Optional.empty(), a);
    assertThat(found).extracting(f -> f.pkg().version()).containsExactly("3.0", "3.0.4");
    assertThat(found).allSatisfy(f -> {
      assertThat(f.fixedIn()).isEmpty();
      assertThat(f.introduced()).hasValue("3.0");
    });
  }

  @Test
  void semverRanges_useTheSemverScheme_evenForOtherEcosystems() {
    Matcher strict = new Matcher(kind -> kind == VersionScheme.Kind.SEMVER ? new DottedNumeric(kind)
        : new Refusing(kind));
    Advisory a = advisory("PYSEC-s", lang(Ecosystem.PYPI, "pkg", semver(introduced("0"), fixed("2.0.0"))));
    VulnerabilityReport r = strict.match(List.of(lib(Ecosystem.PYPI, "pkg", "1.0.0")), Optional.empty(),
        AdvisoryDb.of(List.of(a)));
    assertThat(r.findings()).hasSize(1);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void aVersionTheComparatorRejects_becomesAWarning_notAnError() {
    Advisory a = advisory("GHSA-w", lang(Ecosystem.NPM, "x", ecosystem(introduced("0"), fixed("1.0.0"))));
    VulnerabilityReport r = matcher.match(List.of(lib(Ecosystem.NPM, "x", "1.0.0-beta"),
        lib(Ecosystem.NPM, "x", "0.9.0")), Optional.empty(), AdvisoryDb.of(List.of(a)));
    assertThat(r.findings()).extracting(f -> f.pkg().version()).containsExactly("0.9.0");
    assertThat(r.warnings()).singleElement().asString().contains("x 1.0.0-beta", "GHSA-w");
  }

  @Test
  void alpine_twoVersionsApkRejects_becomeAWarning_notASilentlyEqualPair() {
    // Regression: apk orders every string, and "2.0_foo1-r0" and "2.0_foo2-r0" are both invalid from "_foo" on,
    // so they compared equal: the installed version counted as fixed and the finding vanished without a word.
    Advisory a = advisory("CVE-2099-30",
        os(Ecosystem.ALPINE, "alpine:v3.18", "foo", new AffectedVersions.FixedIn("2.0_foo2-r0")));
    InstalledPackage foo = new InstalledPackage("foo", "2.0_foo1-r0", Ecosystem.ALPINE, "foo", "2.0_foo1-r0",
        "x86_64", "lib/apk/db/installed");

    VulnerabilityReport r = new Matcher(VersionSchemes::of).match(List.of(foo), ALPINE_318,
        AdvisoryDb.of(List.of(a)));

    assertThat(r.findings()).isEmpty();
    assertThat(r.warnings()).singleElement().asString()
        .contains("foo 2.0_foo1-r0", "CVE-2099-30", "invalid apk version '2.0_foo1-r0'");
  }

  @Test
  void osPackagesWithoutAKnownRelease_areNotMatched_andAWarningSaysSo() {
    Advisory a = advisory("CVE-2099-8", os(Ecosystem.DEBIAN, "debian:12", "openssl",
        new AffectedVersions.Unfixed()));
    VulnerabilityReport r = matcher.match(List.of(deb("openssl", "1.0-1", "openssl", "1.0-1")), Optional.empty(),
        AdvisoryDb.of(List.of(a)));
    assertThat(r.findings()).isEmpty();
    assertThat(r.warnings()).singleElement().asString().contains("1 OS package was not matched");
    VulnerabilityReport two = matcher.match(List.of(deb("openssl", "1.0-1", "openssl", "1.0-1"),
        deb("zlib1g", "1.0-1", "zlib", "1.0-1")), Optional.empty(), AdvisoryDb.of(List.of(a)));
    assertThat(two.warnings()).singleElement().asString().startsWith("2 OS packages were not matched");
  }

  @Test
  void severity_comesFromTheEntry_whenItHasOne_andFindingsAreGravestFirst() {
    Affected withOwn = new Affected(Ecosystem.DEBIAN, Optional.of(ReleaseKey.parse("debian:12")), "openssl", true,
        new AffectedVersions.Unfixed(), Optional.of(Severity.ofDebianUrgency("high")));
    Advisory own = advisory("CVE-2099-9", Severity.ofName("LOW").orElseThrow(), withOwn);
    Advisory plain = advisory("CVE-2099-0", Severity.ofName("MODERATE").orElseThrow(),
        os(Ecosystem.DEBIAN, "debian:12", "openssl", new AffectedVersions.Unfixed()));
    VulnerabilityReport r = matcher.match(List.of(deb("openssl", "1.0-1", "openssl", "1.0-1")), BOOKWORM,
        AdvisoryDb.of(List.of(plain, own)));
    assertThat(r.findings()).extracting(f -> f.advisory().id() + " " + f.severity().normalized())
        .containsExactly("CVE-2099-9 CRITICAL", "CVE-2099-0 MEDIUM");
    assertThat(r.maxSeverity()).hasValue(NormalizedSeverity.CRITICAL);
    assertThat(r.hasAtLeast(NormalizedSeverity.HIGH)).isTrue();
    assertThat(r.withManifestHash("sha256:x").hasAtLeast(NormalizedSeverity.CRITICAL)).isTrue();
  }

  @Test
  void oneAdvisoryWithSeveralAffectingEntries_isReportedOnce_withTheHighestFix() {
    Advisory a = advisory("GHSA-d",
        lang(Ecosystem.NPM, "formidable", ecosystem(introduced("2.1.0"))),
        lang(Ecosystem.NPM, "formidable", ecosystem(introduced("0"), fixed("3.5.3"))),
        lang(Ecosystem.NPM, "formidable", ecosystem(introduced("2.0"), fixed("3.5.2"))));
    assertThat(findings(List.of(lib(Ecosystem.NPM, "formidable", "3.0.0")), Optional.empty(), a))
        .singleElement().satisfies(f -> assertThat(f.fixedIn()).hasValue("3.5.3"));
  }

  /** A scheme that rejects everything, to prove it is not consulted. */
  private record Refusing(Kind kind) implements VersionScheme {
    @Override
    public int compare(String a, String b) {
      throw new InvalidVersionException(kind, a, "this scheme must not be used");
    }

    @Override
    public boolean isValid(String s) {
      return false;
    }
  }
}
