package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Test;

/** The Maven ordering against Maven's own {@code ComparableVersion} (maven-artifact 3.9.9), in process. */
class MavenOracleTest {

  /** Corners from the POM reference and ComparableVersionTest: aliases, padding, transitions, big numbers. */
  static final List<String> HAND_PICKED = List.of(
      "1", "1.0", "1.0.0", "1-0", "1.0-0", "1-ga", "1.ga", "1-final", "1-release", "1-sp", "1-sp1", "1-a1",
      "1-alpha-1", "1-alpha1", "1a1", "1-b1", "1-m1", "1-rc", "1-cr", "1-rc1", "1-snapshot", "1-SNAPSHOT",
      "1.0-SNAPSHOT", "1-xyz", "1-abc", "1.1", "1-1", "1.0.1", "2.0.a", "2.0.0.a", "1-1.foo-bar1baz-.1",
      "1.0.0.X1", "1.0.0-X2", "2.0.1-xyz", "2.0.1-123", "1.0RC1", "1.0-RC1", "1.0.RC1", "", "-", ".", "..", "-1",
      ".1", "1..1", "1--1", "0000000000", "1.0000000000.1", "1.0.1", "1.2147483648", "1.9223372036854775808",
      "1.00000000000000000001", "1.99999999999999999999", "\u0661", "1.\u0661", "1-\u0661", "\u0130", "1-\u0130",
      "1-\u00df", "1-ga-1", "1.2.3-beta-2", "1.2.3-beta.2", "1.2.3.beta2", "1.0.0-alpha", "1.0.0-alpha.1",
      "1.0.0-beta", "1.0.0-rc.1", "1.0.0.Final", "5.3.27", "5.3.27.RELEASE", "6.0.0-M1", "6.0.0-RC1",
      "2.17.1", "2.17.1-jdk8", "32.1.2-jre", "32.1.2-android", "1.2_3", "1.2-3_4", "a", "b", "alpha", "sp",
      "1-sp-1", "1-sp.1", "1-a-1", "1-a.1", "1-1-1", "1.0.0.0.0.0.1");

  @Test
  void maven_agreesWithComparableVersion_onGeneratedAndHandPickedVersions() {
    VersionScheme maven = VersionSchemes.maven();
    List<String> versions = new ArrayList<>(HAND_PICKED);
    versions.addAll(VersionGenerators.distinct(3911, 700, VersionGenerators::maven));
    List<ComparableVersion> oracle = versions.stream().map(ComparableVersion::new).toList();
    List<String> disagreements = new ArrayList<>();
    long comparisons = 0;
    for (int i = 0; i < versions.size(); i++) {
      for (int j = 0; j < versions.size(); j++) {
        int expected = Integer.signum(oracle.get(i).compareTo(oracle.get(j)));
        int ours = maven.compare(versions.get(i), versions.get(j));
        comparisons++;
        if (ours != expected && disagreements.size() < 20) {
          disagreements.add("'" + versions.get(i) + "' vs '" + versions.get(j) + "': ComparableVersion " + expected
              + ", ours " + ours);
        }
      }
    }
    comparisons += sortedNeighboursAgree(maven, VersionGenerators.distinct(7, 5000, VersionGenerators::maven),
        disagreements);
    System.out.printf("oracle ComparableVersion 3.9.9: %d comparisons, %d disagree%n", comparisons,
        disagreements.size());
    assertThat(disagreements).isEmpty();
  }

  /** Sorts with our order and asks the oracle about every neighbour: a misplaced version shows. */
  private static int sortedNeighboursAgree(VersionScheme maven, List<String> versions, List<String> disagreements) {
    List<String> sorted = new ArrayList<>(versions);
    sorted.sort(maven);
    for (int i = 0; i + 1 < sorted.size(); i++) {
      String a = sorted.get(i);
      String b = sorted.get(i + 1);
      int expected = Integer.signum(new ComparableVersion(a).compareTo(new ComparableVersion(b)));
      if (expected > 0 || expected != maven.compare(a, b)) {
        disagreements.add("sorted neighbours '" + a + "' then '" + b + "': ComparableVersion " + expected);
      }
    }
    return sorted.size() - 1;
  }
}
