package dev.berth.scanner.match;

import static dev.berth.scanner.advisory.VersionRange.Event.fixed;
import static dev.berth.scanner.advisory.VersionRange.Event.introduced;
import static dev.berth.scanner.advisory.VersionRange.Event.lastAffected;
import static dev.berth.scanner.advisory.VersionRange.Event.limit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.advisory.AffectedVersions;
import dev.berth.scanner.advisory.VersionRange;
import dev.berth.scanner.version.VersionScheme;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OSV evaluation algorithm over a plain numeric ordering. */
class OsvRangesTest {
  private static final VersionComparison NUMERIC =
      new VersionComparison(new DottedNumeric(VersionScheme.Kind.MAVEN), Ecosystem.MAVEN);

  private static Verdict eval(String v, VersionRange.Event... events) {
    return OsvRanges.range(VersionRange.of(VersionRange.Type.ECOSYSTEM, events), v, NUMERIC);
  }

  @ParameterizedTest(name = "{0} affected={1} fixedIn={2}")
  @CsvSource({
    "0.5, true, 1.0",
    "1.0, false, ''",
    "1.5, false, ''",
    "2.0, true, 3.0",
    "2.9, true, 3.0",
    "3.0, false, ''",
    "9.9, false, ''",
  })
  void twoIntervals_inAnyEventOrder(String v, boolean affected, String fixedIn) {
    VersionRange.Event[] shuffled = {fixed("3.0"), introduced("2.0"), fixed("1.0"), introduced("0")};
    Verdict verdict = eval(v, shuffled);
    assertThat(verdict.affected()).isEqualTo(affected);
    assertThat(verdict.fixedIn()).isEqualTo(fixedIn.isEmpty() ? Optional.empty() : Optional.of(fixedIn));
  }

  @Test
  void introducedZero_isBeforeEveryVersion_andReportsNoLowerBound() {
    Verdict v = eval("0.0.1", introduced("0"));
    assertThat(v).isEqualTo(new Verdict(true, Optional.empty(), Optional.empty()));
  }

  @Test
  void introducedIsInclusive_andReportedAsTheLowerBound() {
    assertThat(eval("1.5", introduced("1.5"), fixed("2.0")))
        .isEqualTo(new Verdict(true, Optional.of("2.0"), Optional.of("1.5")));
    assertThat(eval("1.4", introduced("1.5"), fixed("2.0")).affected()).isFalse();
  }

  @Test
  void lastAffected_includesItsVersion_only() {
    assertThat(eval("2.0", introduced("0"), lastAffected("2.0")).affected()).isTrue();
    assertThat(eval("2.0.1", introduced("0"), lastAffected("2.0")).affected()).isFalse();
  }

  @Test
  void limit_boundsTheWholeRange_andStarIsInfinity() {
    assertThat(eval("1.9", introduced("1.0"), limit("2.0")).affected()).isTrue();
    assertThat(eval("2.0", introduced("1.0"), limit("2.0")).affected()).isFalse();
    assertThat(eval("5.0", introduced("1.0"), limit("2.0"), limit("6.0")).affected()).isTrue();
    assertThat(eval("99", introduced("1.0"), limit("*")).affected()).isTrue();
  }

  @Test
  void anIntervalOpenedAndClosedAtOneVersion_isEmpty() {
    assertThat(eval("1.0", fixed("1.0"), introduced("1.0")).affected()).isFalse();
  }

  @Test
  void listedVersions_areAffected_evenOutsideRanges() {
    AffectedVersions.Ranges r = new AffectedVersions.Ranges(
        List.of(VersionRange.of(VersionRange.Type.ECOSYSTEM, introduced("2.0"), fixed("3.0"))), List.of("1.4"));
    assertThat(OsvRanges.evaluate(r, "1.4", t -> NUMERIC).affected()).isTrue();
    assertThat(OsvRanges.evaluate(r, "1.5", t -> NUMERIC).affected()).isFalse();
    assertThat(OsvRanges.evaluate(r, "2.5", t -> NUMERIC).fixedIn()).hasValue("3.0");
  }
}
