package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Alpine's order where apk-tools 2 and 3 part: digits right after a letter. */
class ApkVersionSchemeTest {
  private final VersionScheme apk = VersionSchemes.apk();

  @Test
  void sudoBeforeBaronSameditFix_isOlderThanTheFix() {
    // Regression: CVE-2021-3156 (Baron Samedit) is fixed in Alpine's sudo 1.9.5p2-r0. Read as apk-tools 3
    // reads them, both versions were invalid from the "1" on and compared equal, so the flaw was missed.
    assertThat(apk.compare("1.9.5p1-r0", "1.9.5p2-r0")).isNegative();
    assertThat(apk.compare("1.9.5p2-r0", "1.9.5p1-r0")).isPositive();
    assertThat(apk.isValid("1.9.5p1-r0")).isTrue();
  }

  @Test
  void revisionAfterDigitsAfterALetter_ordersRevisions() {
    assertThat(apk.compare("6.0.2p1-r0", "6.0.2p1-r1")).isNegative();
    assertThat(apk.compare("6.0.2p1-r8", "6.0.3p1-r0")).isNegative();
  }

  @Test
  void digitsAfterALetter_compareByValueAsApkTools2Does() {
    assertThat(apk.compare("1.0p9", "1.0p10")).isNegative();
    assertThat(apk.compare("1.0p01", "1.0p1")).isZero();
    assertThat(apk.compare("1.0p1", "1.0p")).isPositive();
    assertThat(apk.compare("1.0p1", "1.0q")).isNegative();
  }

  @Test
  void digitsAfterALetter_mayBeFollowedByWhatFollowsANumber() {
    for (String v : new String[] {"0.1a1", "1.0a1b2", "1.0a1.2", "1.0a1_rc2", "1.0a1~abc", "1.0a1-r3"}) {
      assertThat(apk.isValid(v)).as(v).isTrue();
    }
    assertThat(apk.compare("1.0a1_rc2", "1.0a1")).isNegative();
    assertThat(apk.compare("1.0a1.2", "1.0a1")).isPositive();
  }

  @Test
  void twoLettersOrADotAfterALetter_remainInvalid() {
    for (String v : new String[] {"0.1bc", "0.1bc1", "0.1a.1", "1.0a1bc"}) {
      assertThat(apk.isValid(v)).as(v).isFalse();
    }
  }
}
