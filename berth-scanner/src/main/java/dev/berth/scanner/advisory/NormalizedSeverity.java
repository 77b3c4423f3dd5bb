package dev.berth.scanner.advisory;

import java.util.Optional;

/**
 * Clair's normalised severities, in increasing order of gravity, so that {@link #compareTo} ranks them and a
 * CI gate can ask {@code severity.compareTo(threshold) >= 0}.
 *
 * @see <a href="https://github.com/quay/claircore/blob/main/severity.go">claircore severity.go</a>
 */
public enum NormalizedSeverity {
  UNKNOWN("Unknown"),
  NEGLIGIBLE("Negligible"),
  LOW("Low"),
  MEDIUM("Medium"),
  HIGH("High"),
  CRITICAL("Critical");

  private final String clairName;

  NormalizedSeverity(String clairName) {
    this.clairName = clairName;
  }

  /** The spelling Clair's reports use ({@code Medium}). */
  public String clairName() {
    return clairName;
  }

  /**
   * The severity named {@code name}, case-insensitively, in Clair's spelling ({@code critical}, {@code Medium}).
   *
   * @return empty when the name is not one of the six
   */
  public static Optional<NormalizedSeverity> parse(String name) {
    for (NormalizedSeverity s : values()) {
      if (s.clairName.equalsIgnoreCase(name.strip())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The band of a CVSS base score, as claircore's OSV updater draws them: 0 is Negligible (CVSS "None"),
   * below 4 Low, below 7 Medium, below 9 High, up to 10 Critical.
   *
   * @throws IllegalArgumentException if the score is outside 0..10
   */
  public static NormalizedSeverity ofCvssScore(double score) {
    if (score < 0 || score > 10 || Double.isNaN(score)) {
      throw new IllegalArgumentException("CVSS score out of range: " + score);
    }
    if (score == 0.0) {
      return NEGLIGIBLE;
    } else if (score < 4.0) {
      return LOW;
    } else if (score < 7.0) {
      return MEDIUM;
    } else if (score < 9.0) {
      return HIGH;
    }
    return CRITICAL;
  }
}
