package dev.berth.scanner.advisory;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A CVSS vector as a feed gave it, with its base score: the one the feed stated, or else the one computed from
 * the vector (CVSS v2, v3.0 and v3.1; v4.0 vectors are kept without a score, since Berth does not implement the
 * v4.0 MacroVector lookup).
 *
 * @param version which CVSS the vector is written in
 * @param vector the vector exactly as given ({@code CVSS:3.1/AV:N/AC:L/…})
 * @param baseScore the base score, empty when neither given nor computable
 */
public record Cvss(Version version, String vector, OptionalDouble baseScore) {

  /** The CVSS versions Berth recognises. */
  public enum Version {
    V2,
    V3_0,
    V3_1,
    V4_0
  }

  public Cvss {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(baseScore, "baseScore");
    if (baseScore.isPresent() && (baseScore.getAsDouble() < 0 || baseScore.getAsDouble() > 10)) {
      throw new IllegalArgumentException("CVSS base score out of range: " + baseScore.getAsDouble());
    }
  }

  /**
   * Reads a vector and computes its base score where Berth can.
   *
   * @param vector a CVSS v2 ({@code AV:N/AC:L/Au:N/C:P/I:P/A:P}), v3.x ({@code CVSS:3.1/…}) or v4.0 vector
   * @return empty when the string is not a well-formed vector of a known version
   */
  public static Optional<Cvss> parse(String vector) {
    String v = vector.strip();
    try {
      if (v.startsWith("CVSS:3.1/")) {
        return Optional.of(new Cvss(Version.V3_1, v, OptionalDouble.of(CvssScores.v3(v, true))));
      } else if (v.startsWith("CVSS:3.0/")) {
        return Optional.of(new Cvss(Version.V3_0, v, OptionalDouble.of(CvssScores.v3(v, false))));
      } else if (v.startsWith("CVSS:4.0/")) {
        CvssScores.checkV4(v);
        return Optional.of(new Cvss(Version.V4_0, v, OptionalDouble.empty()));
      } else if (v.startsWith("AV:") || v.startsWith("(AV:")) {
        return Optional.of(new Cvss(Version.V2, v, OptionalDouble.of(CvssScores.v2(v))));
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The severity band of the base score; {@link NormalizedSeverity#UNKNOWN} without a score. */
  public NormalizedSeverity band() {
    return baseScore.isPresent()
        ? NormalizedSeverity.ofCvssScore(baseScore.getAsDouble())
        : NormalizedSeverity.UNKNOWN;
  }
}
