package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vectors transcribed from the upstream projects' own test suites and specifications, as facts
 * ({@code a op b}, op one of {@code < = >}); they always run. Each is checked both ways round.
 */
class UpstreamVectorsTest {

  /** rpm's tests/rpmvercmp.at: every active RPMVERCMP line (tilde and caret included). */
  private static final String RPMVERCMP_AT = """
      1.0 = 1.0
      1.0 < 2.0
      2.0 > 1.0
      2.0.1 = 2.0.1
      2.0 < 2.0.1
      2.0.1 > 2.0
      2.0.1a = 2.0.1a
      2.0.1a > 2.0.1
      2.0.1 < 2.0.1a
      5.5p1 = 5.5p1
      5.5p1 < 5.5p2
      5.5p2 > 5.5p1
      5.5p10 = 5.5p10
      5.5p1 < 5.5p10
      5.5p10 > 5.5p1
      10xyz < 10.1xyz
      10.1xyz > 10xyz
      xyz10 = xyz10
      xyz10 < xyz10.1
      xyz10.1 > xyz10
      xyz.4 = xyz.4
      xyz.4 < 8
      8 > xyz.4
      xyz.4 < 2
      2 > xyz.4
      5.5p2 < 5.6p1
      5.6p1 > 5.5p2
      5.6p1 < 6.5p1
      6.5p1 > 5.6p1
      6.0.rc1 > 6.0
      6.0 < 6.0.rc1
      10b2 > 10a1
      10a2 < 10b2
      1.0aa = 1.0aa
      1.0a < 1.0aa
      1.0aa > 1.0a
      10.0001 = 10.0001
      10.0001 = 10.1
      10.1 = 10.0001
      10.0001 < 10.0039
      10.0039 > 10.0001
      4.999.9 < 5.0
      5.0 > 4.999.9
      20101121 = 20101121
      20101121 < 20101122
      20101122 > 20101121
      2_0 = 2_0
      2.0 = 2_0
      2_0 = 2.0
      a = a
      a+ = a+
      a+ = a_
      a_ = a+
      +a = +a
      +a = _a
      _a = +a
      +_ = +_
      _+ = +_
      _+ = _+
      + = _
      _ = +
      1.0~rc1 = 1.0~rc1
      1.0~rc1 < 1.0
      1.0 > 1.0~rc1
      1.0~rc1 < 1.0~rc2
      1.0~rc2 > 1.0~rc1
      1.0~rc1~git123 = 1.0~rc1~git123
      1.0~rc1~git123 < 1.0~rc1
      1.0~rc1 > 1.0~rc1~git123
      1.0^ = 1.0^
      1.0^ > 1.0
      1.0 < 1.0^
      1.0^git1 = 1.0^git1
      1.0^git1 > 1.0
      1.0 < 1.0^git1
      1.0^git1 < 1.0^git2
      1.0^git2 > 1.0^git1
      1.0^git1 < 1.01
      1.01 > 1.0^git1
      1.0^20160101 = 1.0^20160101
      1.0^20160101 < 1.0.1
      1.0.1 > 1.0^20160101
      1.0^20160101^git1 = 1.0^20160101^git1
      1.0^20160102 > 1.0^20160101^git1
      1.0^20160101^git1 < 1.0^20160102
      1.0~rc1^git1 = 1.0~rc1^git1
      1.0~rc1^git1 > 1.0~rc1
      1.0~rc1 < 1.0~rc1^git1
      1.0^git1~pre = 1.0^git1~pre
      1.0^git1 > 1.0^git1~pre
      1.0^git1~pre < 1.0^git1
      """;

  /** apk-tools' test/unit/version.data: every sixth comparison and every commit-hash one. */
  private static final String APK_VERSION_DATA = """
      2.34 > 0.1.0_alpha
      0.1.0_alpha2 > 0.1.0_alpha
      1.0.2 > 0.7-r1
      1.2.1 > 1.2
      0.6.1 < 0.7.0
      2.3.0b-r1 < 2.3.0b-r2
      0.12.3 > 0.12
      0.13_beta5 > 0.9.12
      0.6 < 2.1.13-r3
      1.2.13 < 1.2.14-r1
      1.0.8 < 1.2.1
      0.2.0-r1 = 0.2.0-r1
      1.0.0 < 1.2.2-r1
      9.3.4 > 9.3.2
      2.1.0-r2 < 2.9.3-r1
      0.12 < 1.2.1-r1
      1.3 > 1.0.3-r6
      3.9.8-r5 > 2.01.01_alpha10
      1.21-r1 > 0.13
      1.39 > 1.00_beta2
      1.4 < 2.8.9-r1
      2.2 > 1.2.6
      2.8.0.6-r1 > 0.5.2.7
      3.0.3-r9 > 2.0.5-r1
      9 > 2.18.3-r10
      2.20.1 < 2.20.3
      1.8 < 2.11-r1
      3.6.8-r2 > 1.39
      1.0.0 < 10-r1
      1.1.19 > 1.1.5
      4.19 > 4.3.0
      1.0.1 > 1.0.0
      20060720 > 3.0.20060720
      1.1.3-r1 < 1.1.3-r2
      2.6.3 < 3.1.5-r2
      2.0.34 > 1.8.3-r2
      1.2.10-r5 < 4.1.4-r3
      1.4.4-r1 < 2.1.9.200602141850
      0.97-r2 < 0.97-r3
      1.1 > 0.9.11
      0.9.16 > 0.3-r2
      1.2.10 < 20040923-r2
      1.0.1 < 2.2.0
      3.7 > 2.0.1
      2.6.19.20061214 > 0.6.2-r1
      3.0.0-r2 < 021109-r3
      0.01 < 0.06
      1.1.12 < 1.1.13
      0.10.0-r1 > 0.10.0
      1.0.1 = 1.0.1
      1.0.1 < 1.2.2
      1.1.1 > 0.9.1
      1.0.1 < 1.0.5
      1.10-r9 < 2.0.2
      1.0-r1 > 0.15.1b
      0.15.1b < 2.5.7
      0.0.25 < 0.17
      0.9.4 < 0.9.5
      1.2.12-r1 < 1.2.13
      1.2.3-r1 < 1.2.4-r1
      0.1.12 < 1.1.4.1
      2.6.26 < 2.6.27
      22.7 > 2.1_pre20
      2.10.1 > 02.08.01b
      5.1.1 > 1.2
      2.8.6-r1 < 2.8.6-r2
      8.1.2.20040524-r1 < 8.1.2.20050715-r1
      1.2.07.8 < 1.2.12.04
      2.6.1 > 2.6
      1.07-r1 < 1.07.5
      1.0.4 < 20060811
      1.0.2 > 1.0.1
      0.65 > 0.2.10-r2
      1.5.13-r1 > 1.3.12-r1
      5.5-r2 < 5.5-r3
      1.60-r11 < 1.60-r12
      0.51.6-r1 < 1.0.6-r6
      4.20 > 0.20070118
      0.21 > 0.3.7-r3
      0.6.11-r1 < 2.3.30-r2
      4.3_p2-r5 < 4.4_p1-r6
      0.9.8c-r1 < 0.9.8d
      0.78-r3 > 0.3.2
      0.4 < 0.9.6
      1.3.1-r1 < 5.8.8-r2
      0.11.3 < 1.10.7
      2.2.10 < 2.3.6
      3.0.6 < 3.2.6
      1.2.2 < 2.04
      5.7-r3 > 5.1_p4
      3.8 > 0.2.3
      1.7 < 1.7b
      3.0.22-r3 < 3.0.24
      0.98 < 1.00
      0.1.7 < 1.11
      3.2.9 > 3.2.3
      2.9.11_pre20051101-r2 < 2.9.11_pre20051101-r3
      1.0.1 < 7.0-r2
      2.6.1.3-r1 < 12.17.9
      2.6.7 < 2.6.9-r1
      4.5.14 > 4.09-r1
      1.3.0-r1 < 3.11
      2.86-r5 < 2.86-r6
      3.9.4-r3 < 3.9.5-r2
      0.40-r1 < 2.25b-r5
      1.4_p12-r5 > 1.1
      0.9.28.1 > 0.9.28
      104-r9 > 1.23-r1
      1.2.5_rc2 > 0.1
      0.0.7 < 1.0.3
      7.0.174 > 1.0.1
      1.10.2 < 2.16
      1.1.2-r2 > 1.1.0
      1.1.1 > 1.1.0
      1.2.0 > 1.1.0
      2.8.1 > 1.2.0
      1.4.1 > 0.9.1-r1
      1.1.0 > 0.1.1
      2.7.11 > 1.0.2-r6
      1.0.1 < 1.2.12-r1
      2.31 > 1.2.3-r1
      1.0_p10-r0 > 1.0_p9-r0
      6.1_p1 > 6.1
      1.0~1234 < 1.0~2345
      1.0~1234-r1 < 1.0~2345-r0
      1.0~1234-r1 > 1.0~1234-r0
      """;

  /** Maven's ComparableVersionTest and the POM reference examples, as collected by claircore. */
  private static final String MAVEN_COMPARABLE_VERSION_TEST = """
      1.0 > 1.0-alpha
      1.0 = 1
      1-beta < 1-xyz
      1-beta < 1-abc
      1.0 < 1.0-abc
      1.0-alpha-10 > 1.0-alpha-2
      1.0-alpha-1.0 = 1.0-alpha-1
      1.0-alpha-1.2 < 1.0-alpha-2
      1 = 1
      1 = 1.0
      1 = 1.0.0
      1.0 = 1.0.0
      1 = 1-0
      1 = 1.0-0
      1.0 = 1.0-0
      1a = 1-a
      1a = 1.0-a
      1a = 1.0.0-a
      1.0a = 1-a
      1.0.0a = 1-a
      1x = 1-x
      1x = 1.0-x
      1x = 1.0.0-x
      1.0x = 1-x
      1.0.0x = 1-x
      1ga = 1
      1release = 1
      1final = 1
      1cr = 1rc
      1a1 = 1-alpha-1
      1b2 = 1-beta-2
      1m3 = 1-milestone-3
      1X = 1x
      1A = 1a
      1B = 1b
      1M = 1m
      1Ga = 1
      1GA = 1
      1RELEASE = 1
      1release = 1
      1RELeaSE = 1
      1Final = 1
      1FinaL = 1
      1FINAL = 1
      1Cr = 1Rc
      1cR = 1rC
      1m3 = 1Milestone3
      1m3 = 1MileStone3
      1m3 = 1MILESTONE3
      1 < 2
      1.5 < 2
      1 < 2.5
      1.0 < 1.1
      1.1 < 1.2
      1.0.0 < 1.1
      1.0.1 < 1.1
      1.1 < 1.2.0
      1.0-alpha-1 < 1.0
      1.0-alpha-1 < 1.0-alpha-2
      1.0-alpha-1 < 1.0-beta-1
      1.0-beta-1 < 1.0-SNAPSHOT
      1.0-SNAPSHOT < 1.0
      1.0-alpha-1-SNAPSHOT < 1.0-alpha-1
      1.0 < 1.0-1
      1.0-1 < 1.0-2
      1.0.0 < 1.0-1
      2.0-1 < 2.0.1
      2.0.1-klm < 2.0.1-lmn
      2.0.1 < 2.0.1-xyz
      2.0.1 < 2.0.1-123
      2.0.1-xyz < 2.0.1-123
      6.1.0rc3 < 6.1.0
      6.1.0rc3 < 6.1H.5-beta
      6.1.0 < 6.1H.5-beta
      20190126.230843 < 1234567890.12345
      1234567890.12345 < 123456789012345.1H.5-beta
      20190126.230843 < 123456789012345.1H.5-beta
      123456789012345.1H.5-beta < 12345678901234567890.1H.5-beta
      1234567890.12345 < 12345678901234567890.1H.5-beta
      20190126.230843 < 12345678901234567890.1H.5-beta
      1-0.alpha < 1
      1-0.beta < 1
      1-0.alpha < 1-0.beta
      """;

  /** Debian Policy §5.6.12's examples and dpkg's own version tests. */
  private static final String DPKG = """
      1.0~~ < 1.0~~a
      1.0~~a < 1.0~
      1.0~ < 1.0
      1.0 < 1.0a
      1.0 < 1.1
      1.0-1 < 1.0-2
      1:0.1 > 2.0
      0:1.0 = 1.0
      1.0 = 1.0-0
      1.0-1 = 1.0-01
      1.0~rc1 < 1.0
      1.0 < 1.0+b1
      1.0A < 1.0a
      1.0a < 1.0+
      1.0+ < 1.0.
      1.0+1 < 1.0.1
      2.30 > 2.4
      1.2.3+dfsg-1 > 1.2.3-1
      1.2.3~dfsg-1 < 1.2.3-1
      3.0.8-1~deb12u1 < 3.0.8-1
      1.0-1ubuntu1 > 1.0-1
      1.0-1+deb12u1 > 1.0-1
      1.0-1.1 > 1.0-1
      99999999999999999999 < 100000000000000000000
      1.18446744073709551616 > 1.18446744073709551615
      """;

  /** The example lists of SemVer 2.0.0 §11, each in ascending precedence. */
  static final List<String> SEMVER_ORG_PRECEDENCE = List.of(
      "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
      "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");

  /** Go's module reference (go.dev/ref/mod#versions and #pseudo-versions). */
  private static final String GO = """
      v1.2.3 < v1.2.4
      v1.2.3-pre < v1.2.3
      v1 = v1.0.0
      v1.2 = v1.2.0
      v2.0.0+incompatible = v2.0.0
      v2.0.0+incompatible > v1.9.9
      v0.0.0-20191109021931-daa7c04131f5 < v0.0.0
      v0.0.0-20191109021931-daa7c04131f5 < v0.0.0-20191109021932-000000000000
      v1.2.3 < v1.2.4-0.20191109021931-daa7c04131f5
      v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4
      v1.2.3-pre < v1.2.3-pre.0.20191109021931-daa7c04131f5
      v1.2.3-pre.0.20191109021931-daa7c04131f5 < v1.2.3
      1.20.5 = v1.20.5
      v1.10.0 > v1.9.0
      """;

  /** pypa/packaging's tests/test_version.py {@code VERSIONS}: every version, in ascending order. */
  static final List<String> PACKAGING_VERSIONS = List.of(
      "1.0.dev0",
      "1.0.dev456",
      "1.0.dev456+local",
      "1.0a0",
      "1.0a0.post0.dev0",
      "1.0a0.post0",
      "1.0a1.dev1",
      "1.0a1.dev1+local",
      "1.0a1",
      "1.0a1+local",
      "1.0b0",
      "1.0b1.dev456",
      "1.0b2",
      "1.0b2.post345.dev456",
      "1.0b2.post345",
      "1.0b2-346",
      "1.0rc0",
      "1.0rc1.dev1",
      "1.0c1",
      "1.0rc2",
      "1.0",
      "1.0.post0.dev0",
      "1.0.post0",
      "1.0.post456.dev34",
      "1.0.post456",
      "1.0.post456+local",
      "1.0.1.dev1",
      "1.0.1a1",
      "1.0.1",
      "1.0.1+local",
      "1.0.1.post1",
      "1.1.dev1",
      "1.2+a",
      "1.2+abc",
      "1.2+abcdef",
      "1.2+def",
      "1.2+0",
      "1.2+1",
      "1.2+1.abc",
      "1.2+1.1",
      "1.2+1.1.0",
      "1.2+2",
      "1.2+123",
      "1.2+123456",
      "1.2.r32+123456",
      "1.2.rev33+123456",
      "1!1.0.dev0",
      "1!1.0.dev456",
      "1!1.0.dev456+local",
      "1!1.0a0",
      "1!1.0a0.post0.dev0",
      "1!1.0a0.post0",
      "1!1.0a1.dev1",
      "1!1.0a1.dev1+local",
      "1!1.0a1",
      "1!1.0a1+local",
      "1!1.0b0",
      "1!1.0b1.dev456",
      "1!1.0b2",
      "1!1.0b2.post345.dev456",
      "1!1.0b2.post345",
      "1!1.0b2-346",
      "1!1.0rc0",
      "1!1.0rc1.dev1",
      "1!1.0c1",
      "1!1.0rc2",
      "1!1.0",
      "1!1.0.post0.dev0",
      "1!1.0.post0",
      "1!1.0.post456.dev34",
      "1!1.0.post456",
      "1!1.0.post456+local",
      "1!1.0.1.dev1",
      "1!1.0.1a1",
      "1!1.0.1",
      "1!1.0.1+local",
      "1!1.0.1.post1",
      "1!1.1.dev1",
      "1!1.2+a",
      "1!1.2+abc",
      "1!1.2+abcdef",
      "1!1.2+def",
      "1!1.2+0",
      "1!1.2+1",
      "1!1.2+1.abc",
      "1!1.2+1.1",
      "1!1.2+1.1.0",
      "1!1.2+2",
      "1!1.2+123",
      "1!1.2+123456",
      "1!1.2.r32+123456",
      "1!1.2.rev33+123456");

  /** pypa/packaging's tests/test_version.py: strings that are no versions. */
  private static final List<String> PACKAGING_INVALID = List.of(
      "french toast", "1.0+a+", "1.0++", "1.0+_foobar", "1.0+foo&asd", "1.0+1+1", "1.0+", "1.0+1_", "1.0.",
      ".1", "1..0", "1.0a.post1.dev0a", "1!", "!1", "v", "1.0-", "1.0.post.post", "");

  @Test
  void rpmvercmp_agreesWithRpmvercmpAt() {
    assertVectors(RpmVersionScheme::rpmvercmp, RPMVERCMP_AT, 91);
  }

  @Test
  void apk_agreesWithApkToolsVersionData() {
    assertVectors(VersionSchemes.apk(), APK_VERSION_DATA, 120);
  }

  @Test
  void maven_agreesWithComparableVersionTest() {
    assertVectors(VersionSchemes.maven(), MAVEN_COMPARABLE_VERSION_TEST, 80);
  }

  @Test
  void maven_treatsDotQualifierAfterZeroAsComparableVersion39Does() {
    // Maven 4's ComparableVersionTest has 2.0.a < 2.0.0.a; Maven 3.9.9, our oracle, finds them equal.
    assertThat(VersionSchemes.maven().compare("2.0.a", "2.0.0.a")).isZero();
  }

  @Test
  void dpkg_agreesWithPolicyAndDpkgExamples() {
    assertVectors(VersionSchemes.dpkg(), DPKG, 25);
  }

  @Test
  void semver_ordersSemverOrgPrecedenceExamplesAscending() {
    assertAscending(VersionSchemes.semver(), SEMVER_ORG_PRECEDENCE);
    assertAscending(VersionSchemes.go(), SEMVER_ORG_PRECEDENCE.stream().map(v -> "v" + v).toList());
  }

  @Test
  void semver_ignoresBuildMetadataAsSemverOrgSays() {
    VersionScheme semver = VersionSchemes.semver();
    assertThat(semver.compare("1.0.0-alpha+001", "1.0.0-alpha")).isZero();
    assertThat(semver.compare("1.0.0+20130313144700", "1.0.0")).isZero();
    assertThat(semver.compare("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta")).isZero();
    assertThat(semver.compare("1.0.0+21AF26D3----117B344092BD", "1.0.0")).isZero();
  }

  @Test
  void go_agreesWithModuleReferenceExamples() {
    assertVectors(VersionSchemes.go(), GO, 14);
  }

  @Test
  void go_rejectsWhatXModSemverRejects() {
    for (String invalid : List.of("", "v", "1.2.3.4", "v1.2-pre", "v1-pre", "v01.2.3", "v1.02.3", "v1.2.3-01",
        "v1.2.3-", "v1.2.3+", "v1.2.3-a..b", "vv1.2.3", "V1.2.3", " v1.2.3", "v1.2.3 ")) {
      assertThat(VersionSchemes.go().isValid(invalid)).as("'%s'", invalid).isFalse();
      assertThatThrownBy(() -> VersionSchemes.go().compare(invalid, "v1.0.0"))
          .isInstanceOf(InvalidVersionException.class);
    }
  }

  @Test
  void pep440_ordersPackagingVersionsAscending() {
    assertThat(PACKAGING_VERSIONS).hasSize(92);
    assertAscending(VersionSchemes.pep440(), PACKAGING_VERSIONS);
  }

  @Test
  void pep440_rejectsPackagingsInvalidVersions() {
    for (String invalid : PACKAGING_INVALID) {
      assertThat(VersionSchemes.pep440().isValid(invalid)).as("'%s'", invalid).isFalse();
      assertThatThrownBy(() -> VersionSchemes.pep440().compare(invalid, "1.0"))
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining("pep440");
    }
  }

  @Test
  void pep440_treatsAlternativeSpellingsAsEqual() {
    VersionScheme pep440 = VersionSchemes.pep440();
    assertThat(pep440.compare("1.0-1", "1.0.post1")).isZero();
    assertThat(pep440.compare("1.0-ALPHA.1", "1.0a1")).isZero();
    assertThat(pep440.compare("v1.0", "1.0")).isZero();
    assertThat(pep440.compare("1.0.0", "1")).isZero();
    assertThat(pep440.compare("1.0c1", "1.0rc1")).isZero();
    assertThat(pep440.compare("1.0_post", "1.0.post0")).isZero();
    assertThat(pep440.compare(" 1.0\n", "1.0")).isZero();
    assertThat(pep440.compare("1!1.0", "2.0")).isPositive();
    assertThat(pep440.compare("1.0+abc.5", "1.0+abc.10")).isNegative();
    assertThat(pep440.compare("1.0+5", "1.0+abc")).isPositive();
  }

  private static void assertAscending(VersionScheme scheme, List<String> versions) {
    for (int i = 0; i < versions.size(); i++) {
      for (int j = 0; j < versions.size(); j++) {
        assertThat(scheme.compare(versions.get(i), versions.get(j)))
            .as("%s vs %s", versions.get(i), versions.get(j))
            .isEqualTo(Integer.compare(i, j));
      }
    }
  }

  static void assertVectors(java.util.Comparator<String> order, String vectors, int atLeast) {
    List<String> lines = vectors.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(atLeast);
    for (String line : lines) {
      String[] f = line.trim().split(" ");
      assertThat(f).as(line).hasSize(3);
      int expected = switch (f[1]) {
        case "<" -> -1;
        case "=" -> 0;
        case ">" -> 1;
        default -> throw new IllegalArgumentException(line);
      };
      assertThat(Integer.signum(order.compare(f[0], f[2]))).as(line).isEqualTo(expected);
      assertThat(Integer.signum(order.compare(f[2], f[0]))).as("reversed " + line).isEqualTo(-expected);
    }
  }
}
