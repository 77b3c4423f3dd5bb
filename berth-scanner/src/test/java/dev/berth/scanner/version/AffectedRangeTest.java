package dev.berth.scanner.version;

import static dev.berth.scanner.version.RangeEvent.fixed;
import static dev.berth.scanner.version.RangeEvent.introduced;
import static dev.berth.scanner.version.RangeEvent.lastAffected;
import static dev.berth.scanner.version.RangeEvent.limit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** OSV range evaluation (osv-schema "Evaluation") under each ecosystem's ordering. */
class AffectedRangeTest {
  private static final VersionScheme SEMVER = VersionSchemes.semver();

  @Test
  void introducedZero_affectsEverythingBelowFixed() {
    List<RangeEvent> range = List.of(introduced("0"), fixed("1.0.2"));
    assertThat(AffectedRange.affected(SEMVER, range, "0.0.1")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, range, "1.0.2-rc.1")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, range, "1.0.2")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, range, "2.0.0")).isFalse();
  }

  @Test
  void introducedZero_alone_affectsEveryVersion() {
    assertThat(AffectedRange.affected(SEMVER, List.of(introduced("0")), "0.0.0-0")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, List.of(introduced("0")), "999.0.0")).isTrue();
  }

  @Test
  void introducedZero_isSpecialEvenWhereZeroIsNoVersionOrNotTheLowest() {
    assertThat(AffectedRange.affected(VersionSchemes.go(), List.of(introduced("0"), fixed("0.1.0")), "v0.0.1"))
        .isTrue();
    assertThat(AffectedRange.affected(VersionSchemes.dpkg(), List.of(introduced("0"), fixed("1.0")), "~~0"))
        .isTrue();
  }

  @Test
  void introducedAndFixed_boundAHalfOpenInterval() {
    VersionScheme dpkg = VersionSchemes.dpkg();
    List<RangeEvent> range = List.of(introduced("1.0-1"), fixed("1.0-3"));
    assertThat(AffectedRange.affected(dpkg, range, "1.0-0")).isFalse();
    assertThat(AffectedRange.affected(dpkg, range, "1.0-1")).isTrue();
    assertThat(AffectedRange.affected(dpkg, range, "1.0-2+deb12u1")).isTrue();
    assertThat(AffectedRange.affected(dpkg, range, "1.0-3~bpo12+1")).isTrue();
    assertThat(AffectedRange.affected(dpkg, range, "1.0-3")).isFalse();
    assertThat(AffectedRange.affected(dpkg, range, "1:0.1-1")).isFalse();
  }

  @Test
  void lastAffected_isInclusive() {
    VersionScheme maven = VersionSchemes.maven();
    List<RangeEvent> range = List.of(introduced("0"), lastAffected("2.1.214"));
    assertThat(AffectedRange.affected(maven, range, "2.1.214")).isTrue();
    assertThat(AffectedRange.affected(maven, range, "2.1.214.0")).isTrue();
    assertThat(AffectedRange.affected(maven, range, "2.1.215-SNAPSHOT")).isFalse();
    assertThat(AffectedRange.affected(maven, range, "2.1.215")).isFalse();
  }

  @Test
  void multipleIntervalsInOneRange_areEachHonoured() {
    List<RangeEvent> range = List.of(introduced("1.0.0"), fixed("1.0.2"), introduced("3.0.0"), fixed("3.2.5"));
    assertThat(AffectedRange.affected(SEMVER, range, "0.9.0")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, range, "1.0.1")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, range, "2.0.0")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, range, "3.1.0")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, range, "3.2.5")).isFalse();
  }

  @Test
  void eventsInAnyOrder_giveTheSameAnswer() {
    List<RangeEvent> shuffled = List.of(fixed("3.2.5"), introduced("1.0.0"), introduced("3.0.0"), fixed("1.0.2"));
    assertThat(AffectedRange.affected(SEMVER, shuffled, "1.0.1")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, shuffled, "2.0.0")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, shuffled, "3.1.0")).isTrue();
  }

  @Test
  void multipleRanges_affectWhenAnyDoes() {
    List<List<RangeEvent>> ranges = List.of(List.of(introduced("1.0"), fixed("1.5")),
        List.of(introduced("2.0a1"), lastAffected("2.3")));
    VersionScheme pep440 = VersionSchemes.pep440();
    assertThat(AffectedRange.affectedByAny(pep440, ranges, "1.4.post1")).isTrue();
    assertThat(AffectedRange.affectedByAny(pep440, ranges, "1.5")).isFalse();
    assertThat(AffectedRange.affectedByAny(pep440, ranges, "2.0b1")).isTrue();
    assertThat(AffectedRange.affectedByAny(pep440, ranges, "2.3+local")).isFalse();
    assertThat(AffectedRange.affectedByAny(pep440, ranges, "2.3")).isTrue();
    assertThat(AffectedRange.affectedByAny(pep440, List.of(), "2.3")).isFalse();
  }

  @Test
  void limit_excludesVersionsAtOrAboveIt_andStarMeansNone() {
    assertThat(AffectedRange.affected(SEMVER, List.of(introduced("0"), limit("2.0.0")), "1.9.9")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, List.of(introduced("0"), limit("2.0.0")), "2.0.0")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, List.of(introduced("0"), limit("*")), "9.0.0")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, List.of(introduced("0"), limit("1.0.0"), limit("3.0.0")), "2.0.0"))
        .isTrue();
  }

  @Test
  void rangeWithoutIntroduced_affectsNothing() {
    assertThat(AffectedRange.affected(SEMVER, List.of(fixed("1.0.0")), "0.1.0")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, List.of(), "0.1.0")).isFalse();
  }

  @Test
  void eventsAtEqualVersions_keepTheRecordsOrder() {
    List<RangeEvent> adjoining = List.of(introduced("1.0.0"), fixed("2.0.0"), introduced("2.0.0"), fixed("3.0.0"));
    assertThat(AffectedRange.affected(SEMVER, adjoining, "2.0.0")).isTrue();
    assertThat(AffectedRange.affected(SEMVER, adjoining, "2.5.0")).isTrue();
    List<RangeEvent> empty = List.of(introduced("2.0.0"), fixed("2.0.0"));
    assertThat(AffectedRange.affected(SEMVER, empty, "2.0.0")).isFalse();
    assertThat(AffectedRange.affected(SEMVER, empty, "3.0.0")).isFalse();
  }

  @Test
  void goPseudoVersions_andUnprefixedOsvVersions_compare() {
    VersionScheme go = VersionSchemes.go();
    List<RangeEvent> range = List.of(introduced("0"), fixed("0.0.0-20220314234659-1baeb1ce4c0b"));
    assertThat(AffectedRange.affected(go, range, "v0.0.0-20210101000000-abcdefabcdef")).isTrue();
    assertThat(AffectedRange.affected(go, range, "v0.0.0-20220314234659-1baeb1ce4c0b")).isFalse();
    assertThat(AffectedRange.affected(go, range, "v0.1.0")).isFalse();
    assertThat(AffectedRange.affected(go, List.of(introduced("1.20.0"), fixed("1.20.5")), "v1.20.4")).isTrue();
  }

  @Test
  void alpineAndRpmRanges_useTheirOrders() {
    assertThat(AffectedRange.affected(VersionSchemes.apk(), List.of(introduced("0"), fixed("3.1.4-r1")),
        "3.1.4_rc1-r0")).isTrue();
    assertThat(AffectedRange.affected(VersionSchemes.apk(), List.of(introduced("0"), fixed("3.1.4-r1")),
        "3.1.4_p1-r0")).isFalse();
    assertThat(AffectedRange.affected(VersionSchemes.rpm(), List.of(introduced("0"), fixed("1:2.0-1.el9")),
        "2.5-1.el9")).isTrue();
  }

  @Test
  void invalidVersions_throwInvalidVersionException() {
    assertThatThrownBy(() -> AffectedRange.affected(SEMVER, List.of(introduced("0"), fixed("1.0")), "0.1.0"))
        .isInstanceOf(InvalidVersionException.class);
    assertThatThrownBy(() -> AffectedRange.affected(SEMVER, List.of(introduced("0")), "latest"))
        .isInstanceOf(InvalidVersionException.class);
  }

  @Test
  void rangeEvent_needsAVersion() {
    assertThatThrownBy(() -> new RangeEvent(RangeEvent.Kind.FIXED, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RangeEvent(null, "1")).isInstanceOf(NullPointerException.class);
  }
}
