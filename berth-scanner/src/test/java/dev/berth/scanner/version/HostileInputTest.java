package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Input a registry scanner must survive: megabyte strings, numbers far beyond 64 bits, empty strings, any
 * Unicode. Nothing but {@link InvalidVersionException} may escape, nothing may overflow the stack, and the work
 * must stay linear (a quadratic comparison of these inputs would not finish within the limits below).
 */
class HostileInputTest {
  private static final int MEGA = 1_000_000;
  /** Generous: a linear pass over these inputs takes milliseconds, a quadratic one hours. */
  private static final Duration LIMIT = Duration.ofSeconds(30);
  /** Schemes that order every string and so never throw. */
  private static final Set<VersionScheme.Kind> TOTAL =
      EnumSet.of(VersionScheme.Kind.APK, VersionScheme.Kind.RPM, VersionScheme.Kind.MAVEN);

  @ParameterizedTest
  @EnumSource(VersionScheme.Kind.class)
  void compare_ofMegabyteVersionsDifferingAtTheEnd_isLinearAndCorrect(VersionScheme.Kind kind) {
    VersionScheme scheme = VersionSchemes.of(kind);
    String prefix = (kind == VersionScheme.Kind.GO ? "v" : "") + "1.2.3"
        + (kind == VersionScheme.Kind.SEMVER || kind == VersionScheme.Kind.GO ? "-" : ".") + "1.".repeat(MEGA / 2);
    String lower = prefix + "1";
    String higher = prefix + "2";
    assertTimeoutPreemptively(LIMIT, () -> {
      assertThat(scheme.compare(lower, higher)).isNegative();
      assertThat(scheme.compare(higher, lower)).isPositive();
      assertThat(scheme.compare(lower, new String(lower.toCharArray()))).isZero();
      assertThat(scheme.isValid(lower)).isTrue();
    });
  }

  @ParameterizedTest
  @EnumSource(VersionScheme.Kind.class)
  void compare_ofNumbersBeyondLongRange_comparesByValue(VersionScheme.Kind kind) {
    VersionScheme scheme = VersionSchemes.of(kind);
    String v = kind == VersionScheme.Kind.GO ? "v" : "";
    String tail = kind == VersionScheme.Kind.SEMVER || kind == VersionScheme.Kind.GO ? ".0.0" : "";
    String big = "1" + "0".repeat(100_000);
    String smaller = "9".repeat(99_999);
    assertTimeoutPreemptively(LIMIT, () -> {
      assertThat(scheme.compare(v + big + tail, v + smaller + tail)).isPositive();
      assertThat(scheme.compare(v + "18446744073709551616" + tail, v + "18446744073709551615" + tail)).isPositive();
      assertThat(scheme.compare(v + "9223372036854775808" + tail, v + "9223372036854775807" + tail)).isPositive();
      assertThat(scheme.compare(v + "99999999999999999999" + tail, v + "99999999999999999999" + tail)).isZero();
    });
  }

  @Test
  void maven_deeplyNestedLists_doNotOverflowTheStack() {
    VersionScheme maven = VersionSchemes.maven();
    String hyphens = "1-".repeat(MEGA / 4);
    String transitions = "a1".repeat(MEGA / 4);
    assertTimeoutPreemptively(LIMIT, () -> {
      assertThat(maven.compare(hyphens + "1", hyphens + "2")).isNegative();
      assertThat(maven.compare(transitions + "b", transitions)).isPositive();
      assertThat(maven.compare(transitions + "-alpha", transitions)).isNegative();
      assertThat(maven.compare(hyphens, transitions)).isPositive();
      assertThat(maven.compare(hyphens + "alpha", hyphens)).isNegative();
    });
  }

  @Test
  void longRunsOfSeparatorsAndSuffixes_stayLinear() {
    List<String> inputs = List.of(" ".repeat(MEGA) + "1", "1" + ".".repeat(MEGA), "1" + "-".repeat(MEGA),
        "1" + "_alpha".repeat(MEGA / 6), "~".repeat(MEGA), "^".repeat(MEGA), "1" + "~a".repeat(MEGA / 2),
        "1.0+" + "a.".repeat(MEGA / 2) + "a", "1!" + "0".repeat(MEGA), "v1.0.0-" + "0a.".repeat(MEGA / 3) + "x");
    assertTimeoutPreemptively(LIMIT, () -> {
      for (VersionScheme.Kind kind : VersionScheme.Kind.values()) {
        VersionScheme scheme = VersionSchemes.of(kind);
        for (String input : inputs) {
          assertOnlyInvalidVersionEscapes(scheme, input, "1.0");
          assertOnlyInvalidVersionEscapes(scheme, input, input);
        }
      }
    });
  }

  @ParameterizedTest
  @EnumSource(VersionScheme.Kind.class)
  void emptyString_isInvalidOrOrderedFirst(VersionScheme.Kind kind) {
    VersionScheme scheme = VersionSchemes.of(kind);
    String one = kind == VersionScheme.Kind.GO ? "v1.0.0" : kind == VersionScheme.Kind.SEMVER ? "1.0.0" : "1.0";
    if (TOTAL.contains(kind)) {
      assertThat(scheme.compare("", "")).isZero();
      assertThat(scheme.compare("", one)).isNegative();
      assertThat(scheme.compare(one, "")).isPositive();
    } else {
      assertThat(scheme.isValid("")).isFalse();
      assertThatThrownBy(() -> scheme.compare("", one)).isInstanceOf(InvalidVersionException.class)
          .hasMessageContaining(kind.name().toLowerCase(java.util.Locale.ROOT));
      assertThatThrownBy(() -> scheme.compare(one, "")).isInstanceOf(InvalidVersionException.class);
    }
  }

  @Test
  void invalidVersionMessage_staysShortForHugeInput() {
    String huge = "x".repeat(MEGA);
    assertThatThrownBy(() -> VersionSchemes.semver().compare(huge, "1.0.0"))
        .isInstanceOf(InvalidVersionException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("1000000 chars"));
  }

  @Property(tries = 3000)
  void anyUnicode_onlyInvalidVersionEscapes_andValidityPredictsIt(
      @ForAll("kinds") VersionScheme.Kind kind, @ForAll("unicode") String a, @ForAll("unicode") String b) {
    VersionScheme scheme = VersionSchemes.of(kind);
    boolean valid = scheme.isValid(a) && scheme.isValid(b);
    try {
      int c = scheme.compare(a, b);
      assertThat(valid || TOTAL.contains(kind)).as("%s compared invalid '%s' '%s'", kind, a, b).isTrue();
      assertThat(Integer.signum(scheme.compare(b, a))).isEqualTo(-Integer.signum(c));
    } catch (InvalidVersionException e) {
      assertThat(valid).as("%s rejected valid '%s' '%s'", kind, a, b).isFalse();
    }
  }

  @Provide
  Arbitrary<VersionScheme.Kind> kinds() {
    return Arbitraries.of(VersionScheme.Kind.class);
  }

  @Provide
  Arbitrary<String> unicode() {
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(24);
    Arbitrary<String> versionish = Arbitraries.strings().withChars("0123456789.-+~^_:!vV aAzZ\u00e9\u0661\u0000\t")
        .withCharRange('\uD800', '\uDFFF').ofMaxLength(16);
    return Arbitraries.oneOf(any, versionish);
  }

  private static void assertOnlyInvalidVersionEscapes(VersionScheme scheme, String a, String b) {
    try {
      scheme.compare(a, b);
      scheme.isValid(a);
    } catch (InvalidVersionException expected) {
      assertThat(TOTAL).doesNotContain(scheme.kind());
    }
  }
}
