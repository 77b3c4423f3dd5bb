package dev.berth.scanner.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Base scores against published examples: the CVSS v3.1 "Examples" document of FIRST (vectors rewritten with
 * the {@code CVSS:3.1/} prefix, scores unchanged), and the CVSS v2 guide §3.3.
 */
class CvssTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    // CVE-2013-1937 phpMyAdmin reflected XSS
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, 6.1",
    // CVE-2013-0375 MySQL stored SQL injection
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N, 6.4",
    // CVE-2014-3566 SSLv3 POODLE
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N, 3.1",
    // CVE-2012-1516 VMware guest to host escape
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H, 9.9",
    // CVE-2009-0783 Apache Tomcat XML parser
    "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L, 4.2",
    // CVE-2012-0384 Cisco IOS command injection
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H, 8.8",
    // CVE-2015-1098 Apple iWork denial of service
    "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H, 7.8",
    // CVE-2014-0160 OpenSSL Heartbleed
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N, 7.5",
    // CVE-2014-6271 GNU Bourne-Again Shell (Shellshock)
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 9.8",
    // CVE-2008-1447 DNS Kaminsky bug
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N, 6.8",
    // CVE-2014-2005 Sophos login screen bypass
    "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, 6.8",
    // CVE-2010-0467 Joomla directory traversal
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N, 5.8",
    // CVE-2012-1342 Cisco access control bypass
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N, 5.8",
    // CVE-2013-6014 Juniper proxy ARP denial of service
    "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H, 9.3",
    // No impact at all scores 0
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N, 0.0",
  })
  void v31_baseScore_matchesPublishedExamples(String vector, double score) {
    assertThat(Cvss.parse(vector)).hasValueSatisfying(c -> {
      assertThat(c.version()).isEqualTo(Cvss.Version.V3_1);
      assertThat(c.baseScore()).hasValue(score);
    });
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    // NVD scores of the fixtures' GHSA records (CVE-2018-1196 is a v3.0 vector)
    "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N, 5.9",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N, 9.1",
    "CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:L/A:N, 3.1",
  })
  void v3_baseScore_matchesNvd(String vector, double score) {
    assertThat(Cvss.parse(vector).orElseThrow().baseScore()).hasValue(score);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    // CVSS v2 guide §3.3.1 CVE-2002-0392, §3.3.2 CVE-2003-0818, §3.3.3 CVE-2003-0062
    "AV:N/AC:L/Au:N/C:N/I:N/A:C, 7.8",
    "AV:N/AC:L/Au:N/C:C/I:C/A:C, 10.0",
    "AV:L/AC:H/Au:N/C:C/I:C/A:C, 6.2",
    "(AV:N/AC:L/Au:N/C:P/I:P/A:P), 7.5",
  })
  void v2_baseScore_matchesGuideExamples(String vector, double score) {
    assertThat(Cvss.parse(vector).orElseThrow().baseScore()).hasValue(score);
  }

  @Test
  void roundUp31_usesIntegerArithmetic_soFloatNoiseDoesNotAddATenth() {
    assertThat(CvssScores.roundUp31(4.000002)).isEqualTo(4.0);
    assertThat(CvssScores.roundUp31(4.02)).isEqualTo(4.1);
    assertThat(CvssScores.roundUp30(4.000002)).isEqualTo(4.1);
  }

  @Test
  void v4Vector_isKeptWithoutScore_andBandsUnknown() {
    String v = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    Cvss c = Cvss.parse(v).orElseThrow();
    assertThat(c.version()).isEqualTo(Cvss.Version.V4_0);
    assertThat(c.baseScore()).isEmpty();
    assertThat(c.band()).isEqualTo(NormalizedSeverity.UNKNOWN);
  }

  @ParameterizedTest
  @CsvSource({
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
    "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:4.0/AV:N",
    "HIGH",
  })
  void malformedVectors_areRejected(String vector) {
    assertThat(Cvss.parse(vector)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0.0, NEGLIGIBLE", "0.1, LOW", "3.9, LOW", "4.0, MEDIUM", "6.9, MEDIUM", "7.0, HIGH", "8.9, HIGH",
      "9.0, CRITICAL", "10.0, CRITICAL"})
  void scoreBands_followClaircore(double score, NormalizedSeverity band) {
    assertThat(NormalizedSeverity.ofCvssScore(score)).isEqualTo(band);
  }
}
