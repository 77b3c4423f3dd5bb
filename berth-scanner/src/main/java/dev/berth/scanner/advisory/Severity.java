package dev.berth.scanner.advisory;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How grave an advisory is: Clair's normalised value, the feed's own value kept verbatim, and the CVSS vector
 * when the feed gave one.
 *
 * @param normalized the Clair severity
 * @param raw the feed's value exactly as written ({@code high**}, {@code MODERATE}, a CVSS vector); empty when
 *     the feed gives none
 * @param cvss the CVSS vector and score when the feed gave a vector
 */
public record Severity(NormalizedSeverity normalized, String raw, Optional<Cvss> cvss) {
  private static final Severity UNKNOWN = new Severity(NormalizedSeverity.UNKNOWN, "", Optional.empty());

  public Severity {
    Objects.requireNonNull(normalized, "normalized");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(cvss, "cvss");
  }

  /** No severity information: Unknown, nothing raw. */
  public static Severity unknown() {
    return UNKNOWN;
  }

  /**
   * A Debian security tracker urgency, shifted one step up as claircore's {@code debian/severity.go} does:
   * {@code unimportant}→Low, {@code low}→Medium, {@code medium}→High, {@code high}→Critical, anything else
   * ({@code not yet assigned}, {@code end-of-life}) → Unknown.
   *
   * <p>The tracker marks urgencies it took from NVD with trailing asterisks ({@code high**}); claircore
   * compares the whole string and so maps those to Unknown. Berth strips the asterisks before mapping, so
   * that an NVD-derived {@code high**} is Critical rather than silently Unknown; the raw value keeps them.
   */
  public static Severity ofDebianUrgency(String urgency) {
    String u = stripAsterisks(urgency).toLowerCase(Locale.ROOT);
    NormalizedSeverity n = switch (u) {
      case "unimportant" -> NormalizedSeverity.LOW;
      case "low" -> NormalizedSeverity.MEDIUM;
      case "medium" -> NormalizedSeverity.HIGH;
      case "high" -> NormalizedSeverity.CRITICAL;
      default -> NormalizedSeverity.UNKNOWN;
    };
    return new Severity(n, urgency, Optional.empty());
  }

  /**
   * A named severity as OSV databases write it in {@code database_specific.severity} (GitHub: {@code LOW},
   * {@code MODERATE}, {@code HIGH}, {@code CRITICAL}), mapped as claircore's OSV updater does: {@code none} and
   * {@code negligible}→Negligible, {@code moderate} and {@code medium}→Medium.
   *
   * @return empty when the name is none of those
   */
  public static Optional<Severity> ofName(String name) {
    NormalizedSeverity n = switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "none", "negligible" -> NormalizedSeverity.NEGLIGIBLE;
      case "low" -> NormalizedSeverity.LOW;
      case "moderate", "medium" -> NormalizedSeverity.MEDIUM;
      case "high" -> NormalizedSeverity.HIGH;
      case "critical" -> NormalizedSeverity.CRITICAL;
      default -> null;
    };
    return n == null ? Optional.empty() : Optional.of(new Severity(n, name, Optional.empty()));
  }

  /**
   * A CVSS vector: the band of its base score (computed from the vector when only the vector is given), the
   * vector as the raw value. A v4.0 vector, whose score Berth does not compute, is Unknown.
   *
   * @return empty when the vector is malformed
   */
  public static Optional<Severity> ofCvssVector(String vector) {
    return Cvss.parse(vector).map(c -> new Severity(c.band(), vector, Optional.of(c)));
  }

  private static String stripAsterisks(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '*' || Character.isWhitespace(s.charAt(end - 1)))) {
      end--;
    }
    return s.substring(0, end).strip();
  }
}
