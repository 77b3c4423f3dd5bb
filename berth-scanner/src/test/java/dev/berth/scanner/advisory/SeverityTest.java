package dev.berth.scanner.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "unimportant, LOW",
    "low, MEDIUM",
    "medium, HIGH",
    "high, CRITICAL",
    "high**, CRITICAL",
    "low*, MEDIUM",
    "not yet assigned, UNKNOWN",
    "end-of-life, UNKNOWN",
    "'', UNKNOWN",
  })
  void debianUrgency_isShiftedOneStepUp_andKeptRaw(String urgency, NormalizedSeverity expected) {
    Severity s = Severity.ofDebianUrgency(urgency);
    assertThat(s.normalized()).isEqualTo(expected);
    assertThat(s.raw()).isEqualTo(urgency);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"NONE, NEGLIGIBLE", "LOW, LOW", "MODERATE, MEDIUM", "medium, MEDIUM", "HIGH, HIGH",
      "CRITICAL, CRITICAL"})
  void osvNamedSeverity_mapsAsClaircore(String name, NormalizedSeverity expected) {
    assertThat(Severity.ofName(name)).hasValue(new Severity(expected, name, Optional.empty()));
  }

  @Test
  void osvSeverity_prefersAScoredVector_overTheName() throws Exception {
    JsonNode array = Json.MAPPER.readTree("[{\"type\":\"CVSS_V4\",\"score\":\"" + V4 + "\"},"
        + "{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:L/A:N\"}]");
    Severity s = OsvReader.severity(array, "CRITICAL").orElseThrow();
    assertThat(s.normalized()).isEqualTo(NormalizedSeverity.LOW);
    assertThat(s.raw()).isEqualTo("CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:N/I:L/A:N");
  }

  @Test
  void osvSeverity_withOnlyAV4Vector_usesTheName_andKeepsTheVector() throws Exception {
    JsonNode array = Json.MAPPER.readTree("[{\"type\":\"CVSS_V4\",\"score\":\"" + V4 + "\"}]");
    Severity s = OsvReader.severity(array, "HIGH").orElseThrow();
    assertThat(s.normalized()).isEqualTo(NormalizedSeverity.HIGH);
    assertThat(s.raw()).isEqualTo("HIGH");
    assertThat(s.cvss()).hasValueSatisfying(c -> assertThat(c.vector()).isEqualTo(V4));
  }

  @Test
  void osvSeverity_withOnlyAV4VectorAndNoName_isUnknownWithTheVectorRaw() throws Exception {
    JsonNode array = Json.MAPPER.readTree("[{\"type\":\"CVSS_V4\",\"score\":\"" + V4 + "\"}]");
    Severity s = OsvReader.severity(array, "").orElseThrow();
    assertThat(s.normalized()).isEqualTo(NormalizedSeverity.UNKNOWN);
    assertThat(s.raw()).isEqualTo(V4);
  }

  @Test
  void normalizedSeverity_parsesClairSpellings() {
    assertThat(NormalizedSeverity.parse("critical")).hasValue(NormalizedSeverity.CRITICAL);
    assertThat(NormalizedSeverity.parse("Negligible")).hasValue(NormalizedSeverity.NEGLIGIBLE);
    assertThat(NormalizedSeverity.parse("severe")).isEmpty();
    assertThat(NormalizedSeverity.HIGH).isGreaterThan(NormalizedSeverity.MEDIUM);
  }

  private static final String V4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
}
