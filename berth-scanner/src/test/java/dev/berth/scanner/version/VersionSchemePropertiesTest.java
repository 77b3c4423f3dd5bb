package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The laws of a total order, for every scheme, over generated versions (valid ones; apk's fallback order for
 * invalid strings is checked for antisymmetry and reflexivity as well): reflexivity, antisymmetry,
 * transitivity, and that versions which compare equal are interchangeable.
 *
 * <p>Maven versions here have the conventional shape (numbers, then at most one known qualifier, a dotted
 * one last):
 * ComparableVersion 3.9.9 itself is not transitive once versions mix qualifiers freely
 * ({@link #maven_followsComparableVersionsIntransitivity}), and the scheme follows it exactly.
 */
class VersionSchemePropertiesTest {

  /** A scheme and some versions of it. */
  record Sample(VersionScheme.Kind kind, List<String> versions) {
    VersionScheme scheme() {
      return VersionSchemes.of(kind);
    }
  }

  @Property(tries = 3000)
  void compare_isReflexive(@ForAll("samples") Sample s) {
    for (String v : s.versions()) {
      assertThat(s.scheme().compare(v, v)).as("%s %s", s.kind(), v).isZero();
      assertThat(s.scheme().compare(v, new String(v.toCharArray()))).as("%s copy of %s", s.kind(), v).isZero();
    }
  }

  @Property(tries = 3000)
  void compare_isAntisymmetric(@ForAll("samples") Sample s) {
    for (String a : s.versions()) {
      for (String b : s.versions()) {
        assertThat(Integer.signum(s.scheme().compare(a, b)))
            .as("%s: %s vs %s", s.kind(), a, b)
            .isEqualTo(-Integer.signum(s.scheme().compare(b, a)));
      }
    }
  }

  @Property(tries = 3000)
  void compare_isTransitive(@ForAll("samples") Sample s) {
    VersionScheme scheme = s.scheme();
    List<String> v = s.versions();
    for (String a : v) {
      for (String b : v) {
        for (String c : v) {
          if (scheme.compare(a, b) <= 0 && scheme.compare(b, c) <= 0) {
            assertThat(scheme.compare(a, c)).as("%s: %s <= %s <= %s", s.kind(), a, b, c).isLessThanOrEqualTo(0);
          }
        }
      }
    }
  }

  @Property(tries = 3000)
  void equalVersions_compareAlikeWithEveryOther(@ForAll("samples") Sample s) {
    VersionScheme scheme = s.scheme();
    for (String a : s.versions()) {
      String spelling = equivalentSpelling(s.kind(), a);
      for (String b : List.of(a, spelling)) {
        if (scheme.isValid(b) && scheme.compare(a, b) == 0) {
          for (String x : s.versions()) {
            assertThat(Integer.signum(scheme.compare(b, x)))
                .as("%s: %s = %s, against %s", s.kind(), a, b, x)
                .isEqualTo(Integer.signum(scheme.compare(a, x)));
          }
        }
      }
    }
  }

  @Property(tries = 3000)
  void equivalentSpellings_compareEqual(@ForAll("samples") Sample s) {
    for (String a : s.versions()) {
      String spelling = equivalentSpelling(s.kind(), a);
      if (!spelling.equals(a) && s.kind() != VersionScheme.Kind.APK && s.kind() != VersionScheme.Kind.MAVEN) {
        assertThat(s.scheme().compare(a, spelling)).as("%s: %s vs %s", s.kind(), a, spelling).isZero();
      }
    }
  }

  @Property(tries = 2000)
  void apk_ordersInvalidStringsAntisymmetricallyAndReflexively(@ForAll("apkNoisy") List<String> versions) {
    VersionScheme apk = VersionSchemes.apk();
    for (String a : versions) {
      assertThat(apk.compare(a, a)).isZero();
      for (String b : versions) {
        assertThat(Integer.signum(apk.compare(a, b))).as("%s vs %s", a, b)
            .isEqualTo(-Integer.signum(apk.compare(b, a)));
      }
    }
  }

  @Example
  void maven_followsComparableVersionsIntransitivity() {
    // ComparableVersion 3.9.9 gives the same answers (checked with the oracle when these were found).
    VersionScheme maven = VersionSchemes.maven();
    assertThat(maven.compare("betabmilestone", "--")).isPositive();
    assertThat(maven.compare("--", ".snapshot200SNAPSHOT..")).isPositive();
    assertThat(maven.compare("betabmilestone", ".snapshot200SNAPSHOT..")).isNegative();
    assertThat(maven.compare("1.beta2a", "01-")).isNegative();
    assertThat(maven.compare("01-", "01.b-10x")).isNegative();
    assertThat(maven.compare("1.beta2a", "01.b-10x")).isPositive();
    assertThat(maven.compare("1", "01.sp.a1")).isNegative();
    assertThat(maven.compare("01.sp.a1", "01.b2.final.b2.b2")).isNegative();
    assertThat(maven.compare("1", "01.b2.final.b2.b2")).isPositive();
    assertThat(maven.compare("10-b2", "10")).isNegative();
    assertThat(maven.compare("10", "10.release.1")).isNegative();
    assertThat(maven.compare("10-b2", "10.release.1")).isPositive();
    for (List<String> pair : List.of(List.of("10-b2", "10"), List.of("10", "10.release.1"),
        List.of("10-b2", "10.release.1"), List.of("betabmilestone", "--"), List.of("--", ".snapshot200SNAPSHOT.."),
        List.of("betabmilestone", ".snapshot200SNAPSHOT.."), List.of("1", "01.sp.a1"),
        List.of("01.sp.a1", "01.b2.final.b2.b2"), List.of("1", "01.b2.final.b2.b2"))) {
      assertThat(maven.compare(pair.get(0), pair.get(1))).as("ComparableVersion agrees on %s", pair)
          .isEqualTo(Integer.signum(new ComparableVersion(pair.get(0)).compareTo(new ComparableVersion(pair.get(1)))));
    }
  }

  /**
   * A different spelling the scheme's specification makes equal: the default epoch, ignored build metadata,
   * case, separators. Maven's and apk's are only probed, not asserted.
   */
  static String equivalentSpelling(VersionScheme.Kind kind, String v) {
    return switch (kind) {
      case DPKG -> v.indexOf(':') < 0 && !v.isBlank() ? "0:" + v : v;
      case RPM -> v.matches("^[0-9]*:.*") ? v : "0:" + v.replace('.', '_');
      case PEP440 -> v.toUpperCase(Locale.ROOT);
      case SEMVER -> v.contains("+") ? v : v + "+build.7";
      case GO -> v.contains("+") || !v.matches("v?[0-9]+\\.[0-9]+\\.[0-9]+.*") ? v : v + "+build.7";
      case MAVEN -> v + ".0";
      case APK -> v.replace("-r0", "");
    };
  }

  @Provide
  Arbitrary<Sample> samples() {
    return Arbitraries.of(VersionScheme.Kind.values()).flatMap(kind -> versions(kind).list().ofMinSize(2)
        .ofMaxSize(8).map(list -> new Sample(kind, list)));
  }

  @Provide
  Arbitrary<List<String>> apkNoisy() {
    return Arbitraries.randomValue(VersionGenerators::apkNoisy).list().ofMinSize(2).ofMaxSize(8);
  }

  static Arbitrary<String> versions(VersionScheme.Kind kind) {
    Function<Random, String> generator = switch (kind) {
      case DPKG -> VersionGenerators::dpkg;
      case APK -> VersionGenerators::apk;
      case RPM -> VersionGenerators::rpm;
      case MAVEN -> VersionGenerators::mavenConventional;
      case PEP440 -> VersionGenerators::pep440;
      case SEMVER -> VersionGenerators::semver;
      case GO -> VersionGenerators::go;
    };
    VersionScheme scheme = VersionSchemes.of(kind);
    return Arbitraries.randomValue(generator::apply).filter(scheme::isValid);
  }
}
