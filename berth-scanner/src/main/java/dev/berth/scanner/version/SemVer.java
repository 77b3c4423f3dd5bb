package dev.berth.scanner.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One parsed Semantic Versioning 2.0.0 version (https://semver.org/), shared by the npm and Go orderings.
 *
 * <p>{@code MAJOR.MINOR.PATCH[-prerelease][+build]}: numbers without leading zeros, identifiers of
 * {@code [0-9A-Za-z-]}, numeric pre-release identifiers without leading zeros. Numbers are kept as strings
 * and compared by value, so none is too big.
 */
record SemVer(String major, String minor, String patch, List<String> prerelease, List<String> build) {

  /**
   * Parses {@code s[from, end)}; with {@code shorthand} (Go's rule) {@code 1} and {@code 1.2} stand for
   * {@code 1.0.0} and {@code 1.2.0}, but only without pre-release or build.
   */
  static Optional<SemVer> parse(String s, int from, boolean shorthand) {
    int[] pos = {from};
    String major = number(s, pos);
    if (major == null) {
      return Optional.empty();
    }
    if (shorthand && pos[0] == s.length()) {
      return Optional.of(new SemVer(major, "0", "0", List.of(), List.of()));
    }
    String minor = dot(s, pos) ? number(s, pos) : null;
    if (minor == null) {
      return Optional.empty();
    }
    if (shorthand && pos[0] == s.length()) {
      return Optional.of(new SemVer(major, minor, "0", List.of(), List.of()));
    }
    String patch = dot(s, pos) ? number(s, pos) : null;
    if (patch == null) {
      return Optional.empty();
    }
    List<String> prerelease = List.of();
    if (pos[0] < s.length() && s.charAt(pos[0]) == '-') {
      prerelease = identifiers(s, pos, true);
      if (prerelease == null) {
        return Optional.empty();
      }
    }
    List<String> build = List.of();
    if (pos[0] < s.length() && s.charAt(pos[0]) == '+') {
      build = identifiers(s, pos, false);
      if (build == null) {
        return Optional.empty();
      }
    }
    if (pos[0] != s.length()) {
      return Optional.empty();
    }
    return Optional.of(new SemVer(major, minor, patch, prerelease, build));
  }

  /** Precedence (§11): numbers, then a pre-release below none, then identifiers pairwise; build ignored. */
  int compareTo(SemVer o) {
    int c = Digits.compare(major, o.major);
    if (c == 0) {
      c = Digits.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Digits.compare(patch, o.patch);
    }
    if (c != 0) {
      return c;
    }
    if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
      return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
    }
    for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
      c = compareIdentifiers(prerelease.get(i), o.prerelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(prerelease.size(), o.prerelease.size());
  }

  private static int compareIdentifiers(String a, String b) {
    boolean an = isNumeric(a);
    boolean bn = isNumeric(b);
    if (an != bn) {
      return an ? -1 : 1;
    }
    return an ? Digits.compare(a, b) : a.compareTo(b);
  }

  private static boolean isNumeric(String id) {
    return Digits.run(id, 0) == id.length();
  }

  private static boolean dot(String s, int[] pos) {
    if (pos[0] < s.length() && s.charAt(pos[0]) == '.') {
      pos[0]++;
      return true;
    }
    return false;
  }

  /** {@code 0|[1-9][0-9]*}, or null. */
  private static String number(String s, int[] pos) {
    int n = Digits.run(s, pos[0]);
    if (n == 0 || (n > 1 && s.charAt(pos[0]) == '0')) {
      return null;
    }
    String value = s.substring(pos[0], pos[0] + n);
    pos[0] += n;
    return value;
  }

  /** Dot-separated identifiers after the {@code -} or {@code +} at {@code pos}, or null. */
  private static List<String> identifiers(String s, int[] pos, boolean prerelease) {
    List<String> ids = new ArrayList<>();
    int i = pos[0];
    do {
      int start = ++i;
      while (i < s.length() && isIdentifierChar(s.charAt(i))) {
        i++;
      }
      String id = s.substring(start, i);
      if (id.isEmpty() || (prerelease && isNumeric(id) && id.length() > 1 && id.charAt(0) == '0')) {
        return null;
      }
      ids.add(id);
    } while (i < s.length() && s.charAt(i) == '.');
    pos[0] = i;
    return List.copyOf(ids);
  }

  private static boolean isIdentifierChar(char c) {
    return Digits.isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  }
}
