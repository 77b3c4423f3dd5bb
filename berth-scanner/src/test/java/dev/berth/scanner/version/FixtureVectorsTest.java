package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Test;

/**
 * The upstream projects' published comparison vectors in {@code berth.fixtures/versions} (see its
 * PROVENANCE.md), each row checked both ways round.
 *
 * <p>Where a file holds strings the scheme rejects (legacy PyPI versions, osv-scalibr's lenient semver) those
 * rows are counted and shown, not compared. Where a row disagrees, the test only passes if the disagreement
 * is explained: for Maven, ComparableVersion 3.9.9 (the oracle) agrees with us against the row; for Alpine, the
 * row is one of osv-scalibr's curated rows that record apk-tools 2's order for strings Berth rejects (listed by
 * line). apk-tools' own vectors come from apk-tools 3; Berth differs from them only where apk-tools 2 reads
 * digits after a letter ({@code 0.1a1}).
 */
class FixtureVectorsTest {

  /** What one file's rows came to. */
  record Outcome(String file, int rows, int compared, List<Fixtures.Row> skippedInvalid,
      List<Fixtures.Row> disagreements) {
    void print() {
      System.out.printf("fixture %s: %d rows, %d compared, %d skipped as invalid, %d disagree%n",
          file, rows, compared, skippedInvalid.size(), disagreements.size());
      skippedInvalid.forEach(r -> System.out.println("  invalid in the scheme: " + r));
      disagreements.forEach(r -> System.out.println("  disagrees: " + r));
    }
  }

  @Test
  void dpkg_agreesWithCuratedAndGeneratedDebianVectors() {
    assertAllAgree(check(VersionSchemes.dpkg(), "debian/osv-scalibr-debian-versions.tsv"));
    assertAllAgree(check(VersionSchemes.dpkg(), "debian/osv-scalibr-debian-versions-generated.tsv"));
  }

  @Test
  void rpmvercmp_agreesWithRpmsOwnAndClaircoresVectors() {
    Comparator<String> rpmvercmp = RpmVersionScheme::rpmvercmp;
    assertAllAgree(check(rpmvercmp, "rpm/rpmvercmp.tsv"));
    assertAllAgree(check(rpmvercmp, "rpm/claircore-rpmvercmp.tsv"));
  }

  @Test
  void rpm_agreesWithRedHatEpochVersionReleaseVectors() {
    assertAllAgree(check(VersionSchemes.rpm(), "rpm/osv-scalibr-redhat-versions.tsv"));
  }

  @Test
  void rpm_ordersClaircoreNevraVectorsByNameThenEvrThenArch() {
    assertAllAgree(check(RpmNevra.ORDER, "rpm/claircore-nevra-compare.tsv"));
  }

  @Test
  void maven_agreesWithMavenVectorsWhereverComparableVersionDoes() {
    Predicate<Fixtures.Row> oracleSidesWithUs = row -> Integer.signum(
        new ComparableVersion(row.a()).compareTo(new ComparableVersion(row.b())))
        == VersionSchemes.maven().compare(row.a(), row.b());
    for (String file : List.of("maven/claircore-maven-compare.tsv", "maven/osv-scalibr-maven-versions.tsv",
        "maven/osv-scalibr-maven-versions-generated.tsv")) {
      Outcome outcome = check(VersionSchemes.maven(), file);
      assertThat(outcome.compared()).isEqualTo(outcome.rows());
      assertThat(outcome.disagreements()).as("rows of %s where ComparableVersion 3.9.9 disagrees with us too", file)
          .allMatch(oracleSidesWithUs);
    }
  }

  @Test
  void pep440_agreesWithPackagingsOwnVectors() {
    assertAllAgree(check(VersionSchemes.pep440(), "pypi/pypa-packaging-ordering.tsv"));
  }

  @Test
  void pep440_ordersPackagingsVersionListStrictlyAscending() throws Exception {
    List<String> versions = Files.readAllLines(Fixtures.versions("pypi/pypa-packaging-versions-ascending.txt"));
    VersionScheme pep440 = VersionSchemes.pep440();
    int comparisons = 0;
    for (int i = 0; i < versions.size(); i++) {
      for (int j = 0; j < versions.size(); j++) {
        assertThat(pep440.compare(versions.get(i), versions.get(j)))
            .as("%s vs %s", versions.get(i), versions.get(j))
            .isEqualTo(Integer.compare(i, j));
        comparisons++;
      }
    }
    System.out.printf("fixture pypi/pypa-packaging-versions-ascending.txt: %d versions, %d comparisons%n",
        versions.size(), comparisons);
  }

  @Test
  void pep440_normalisesAsPackagingDoes() {
    Path file = Fixtures.versions("pypi/pypa-packaging-normalization.tsv");
    Pep440VersionScheme pep440 = (Pep440VersionScheme) VersionSchemes.pep440();
    List<String[]> rows = Fixtures.tsv(file);
    for (String[] row : rows) {
      assertThat(pep440.normalize(row[0])).as("normalised %s", row[0]).isEqualTo(row[1]);
      assertThat(pep440.compare(row[0], row[1])).as("%s vs %s", row[0], row[1]).isZero();
    }
    System.out.printf("fixture pypi/pypa-packaging-normalization.tsv: %d rows, all agree%n", rows.size());
    assertThat(rows).hasSizeGreaterThan(90);
  }

  @Test
  void pep440_agreesWithOsvScalibrPypiVectorsExceptLegacyVersions() {
    assertAgreesSkippingInvalid(check(VersionSchemes.pep440(), "pypi/osv-scalibr-pypi-versions.tsv"), 0.35);
    assertAgreesSkippingInvalid(
        check(VersionSchemes.pep440(), "pypi/osv-scalibr-pypi-versions-generated.tsv"), 0.01);
  }

  @Test
  void semverAndGo_agreeWithOsvScalibrSemverVectorsExceptNonSemverStrings() {
    assertAgreesSkippingInvalid(check(VersionSchemes.semver(), "semver/osv-scalibr-semver-versions.tsv"), 0.03);
    assertAgreesSkippingInvalid(check(VersionSchemes.go(), "semver/osv-scalibr-semver-versions.tsv"), 0.03);
  }

  @Test
  void apk_agreesWithApkToolsUnitTestVectors() {
    assertAllAgree(check(VersionSchemes.apk(), "apk/apk-tools-version-cmp.tsv"));
  }

  @Test
  void apk_agreesWithEveryGeneratedAlpineVector() {
    // Real Alpine version strings ordered by apk-tools 2's `apk version -t`, 1.9.5p1-r1 < 1.9.5p2-r1 included.
    assertAllAgree(check(VersionSchemes.apk(), "apk/osv-scalibr-alpine-versions-generated.tsv"));
    // and every one is valid, so the matcher compares real versions rather than warning about them
    List<String> versions = Fixtures.comparisons("apk/osv-scalibr-alpine-versions-generated.tsv").stream()
        .flatMap(row -> Stream.of(row.a(), row.b())).toList();
    assertThat(versions).allMatch(VersionSchemes.apk()::isValid);
  }

  @Test
  void apk_agreesWithCuratedAlpineVectorsExceptApk2sOrderForStringsBerthRejects() {
    VersionScheme apk = VersionSchemes.apk();
    Outcome outcome = check(apk, "apk/osv-scalibr-alpine-versions.tsv");
    assertThat(outcome.compared()).isEqualTo(outcome.rows());
    // apk-tools 2 orders anything (".2" > ".1", "a" < "b", "1-r" = "1-r0"); apk-tools 3 and Berth reject these
    // strings, and the matcher warns about them instead of comparing.
    assertThat(outcome.disagreements()).as("rows that disagree")
        .allMatch(row -> !apk.isValid(row.a()) || !apk.isValid(row.b()))
        .extracting(Fixtures.Row::line).containsExactly(3, 12, 13, 14, 15, 17, 18, 30, 47, 48, 49);
  }

  @Test
  void apk_validityAgreesWithApkToolsExceptDigitsAfterALetter() {
    // apk-tools 3 rejects 0.1a1; apk-tools 2, and so Berth, read it as 0.1 a 1.
    Set<String> apk2Differs = Set.of("0.1a1");
    List<String[]> rows = Fixtures.tsv(Fixtures.versions("apk/apk-tools-version-valid.tsv"));
    List<String> wrong = new ArrayList<>();
    for (String[] r : rows) {
      boolean expected = Boolean.parseBoolean(r[1]) != apk2Differs.contains(r[0]);
      if (VersionSchemes.apk().isValid(r[0]) != expected) {
        wrong.add(r[0] + " valid=" + r[1]);
      }
    }
    System.out.printf("fixture apk/apk-tools-version-valid.tsv: %d rows, %d disagree%n", rows.size(), wrong.size());
    assertThat(rows).hasSizeGreaterThan(20);
    assertThat(rows).extracting(r -> r[0]).containsAll(apk2Differs);
    assertThat(wrong).isEmpty();
  }

  static Outcome check(Comparator<String> order, String file) {
    List<Fixtures.Row> rows = Fixtures.comparisons(file);
    List<Fixtures.Row> skipped = new ArrayList<>();
    List<Fixtures.Row> disagreements = new ArrayList<>();
    for (Fixtures.Row row : rows) {
      int forward;
      int backward;
      try {
        forward = Integer.signum(order.compare(row.a(), row.b()));
        backward = Integer.signum(order.compare(row.b(), row.a()));
      } catch (InvalidVersionException e) {
        skipped.add(row);
        continue;
      }
      if (forward != row.expected() || backward != -row.expected()) {
        disagreements.add(row);
      }
    }
    Outcome outcome = new Outcome(file, rows.size(), rows.size() - skipped.size(), skipped, disagreements);
    outcome.print();
    return outcome;
  }

  static void assertAllAgree(Outcome outcome) {
    assertThat(outcome.rows()).as("rows in %s", outcome.file()).isPositive();
    assertThat(outcome.skippedInvalid()).as("rows of %s with a version invalid in the scheme", outcome.file())
        .isEmpty();
    assertThat(outcome.disagreements()).as("disagreements in %s", outcome.file()).isEmpty();
  }

  /** Rows with a string the scheme rejects are skipped, but they may not be more than {@code maxShare}. */
  static void assertAgreesSkippingInvalid(Outcome outcome, double maxShare) {
    assertThat(outcome.disagreements()).as("disagreements in %s", outcome.file()).isEmpty();
    assertThat((double) outcome.skippedInvalid().size()).as("skipped rows of %s", outcome.file())
        .isLessThanOrEqualTo(maxShare * outcome.rows());
  }
}
