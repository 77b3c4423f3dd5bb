package dev.berth.scanner.advisory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CVSS base-score formulas.
 *
 * <ul>
 *   <li>v3.1: <a href="https://www.first.org/cvss/v3.1/specification-document#7-4-Metric-Values">
 *       specification §7.1 and Appendix A</a> (Roundup with the integer arithmetic of Appendix A);
 *   <li>v3.0: the same formula with the plain round-up-to-one-decimal of the v3.0 specification §8.1;
 *   <li>v2: <a href="https://www.first.org/cvss/v2/guide">the v2 guide §3.2.1</a>.
 * </ul>
 */
final class CvssScores {
  private static final List<String> V3_BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");
  private static final List<String> V2_BASE = List.of("AV", "AC", "Au", "C", "I", "A");
  private static final List<String> V4_BASE =
      List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");

  private CvssScores() {}

  /** The v3.x base score of {@code vector}; {@code v31} selects the v3.1 Roundup. */
  static double v3(String vector, boolean v31) {
    Map<String, String> m = metrics(vector.substring(vector.indexOf('/') + 1), V3_BASE);
    boolean changed = switch (m.get("S")) {
      case "U" -> false;
      case "C" -> true;
      default -> throw bad(vector);
    };
    double av = pick(m.get("AV"), vector, "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
    double ac = pick(m.get("AC"), vector, "L", 0.77, "H", 0.44);
    double pr = changed
        ? pick(m.get("PR"), vector, "N", 0.85, "L", 0.68, "H", 0.5)
        : pick(m.get("PR"), vector, "N", 0.85, "L", 0.62, "H", 0.27);
    double ui = pick(m.get("UI"), vector, "N", 0.85, "R", 0.62);
    double c = pick(m.get("C"), vector, "H", 0.56, "L", 0.22, "N", 0);
    double i = pick(m.get("I"), vector, "H", 0.56, "L", 0.22, "N", 0);
    double a = pick(m.get("A"), vector, "H", 0.56, "L", 0.22, "N", 0);
    double iss = 1 - (1 - c) * (1 - i) * (1 - a);
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    if (impact <= 0) {
      return 0;
    }
    double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
    return v31 ? roundUp31(raw) : roundUp30(raw);
  }

  /** The v2 base score of {@code vector} (optionally in parentheses, as NVD wrote them). */
  static double v2(String vector) {
    String body = vector.startsWith("(") && vector.endsWith(")")
        ? vector.substring(1, vector.length() - 1)
        : vector;
    Map<String, String> m = metrics(body, V2_BASE);
    double av = pick(m.get("AV"), vector, "L", 0.395, "A", 0.646, "N", 1.0);
    double ac = pick(m.get("AC"), vector, "H", 0.35, "M", 0.61, "L", 0.71);
    double au = pick(m.get("Au"), vector, "M", 0.45, "S", 0.56, "N", 0.704);
    double c = pick(m.get("C"), vector, "N", 0, "P", 0.275, "C", 0.660);
    double i = pick(m.get("I"), vector, "N", 0, "P", 0.275, "C", 0.660);
    double a = pick(m.get("A"), vector, "N", 0, "P", 0.275, "C", 0.660);
    double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
    double exploitability = 20 * av * ac * au;
    double f = impact == 0 ? 0 : 1.176;
    double score = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
    return BigDecimal.valueOf(score).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  /** Checks that a v4.0 vector names every base metric once; its score is not computed. */
  static void checkV4(String vector) {
    metrics(vector.substring(vector.indexOf('/') + 1), V4_BASE);
  }

  /** CVSS v3.1 Appendix A: round up to one decimal, in integers so that 4.000002 is 4.0, not 4.1. */
  static double roundUp31(double value) {
    long intInput = Math.round(value * 100_000);
    if (intInput % 10_000 == 0) {
      return intInput / 100_000.0;
    }
    return (Math.floorDiv(intInput, 10_000) + 1) / 10.0;
  }

  /** CVSS v3.0 §8.1: the smallest number with one decimal that is equal to or higher than its input. */
  static double roundUp30(double value) {
    return Math.ceil(value * 10) / 10.0;
  }

  private static Map<String, String> metrics(String body, List<String> required) {
    Map<String, String> m = new HashMap<>();
    for (String part : body.split("/")) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException("malformed CVSS metric '" + part + "'");
      }
      if (m.put(part.substring(0, colon), part.substring(colon + 1)) != null) {
        throw new IllegalArgumentException("repeated CVSS metric '" + part + "'");
      }
    }
    for (String key : required) {
      if (!m.containsKey(key)) {
        throw new IllegalArgumentException("CVSS vector lacks base metric " + key);
      }
    }
    return m;
  }

  private static double pick(String value, String vector, Object... pairs) {
    for (int k = 0; k < pairs.length; k += 2) {
      if (pairs[k].equals(value)) {
        return ((Number) pairs[k + 1]).doubleValue();
      }
    }
    throw bad(vector);
  }

  private static IllegalArgumentException bad(String vector) {
    return new IllegalArgumentException("invalid CVSS vector '" + vector + "'");
  }
}
