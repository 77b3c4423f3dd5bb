package dev.berth.scanner.version;

/**
 * Numeric comparison of runs of ASCII digits of any length, as dpkg, rpm and Go compare them: by value, never
 * by parsing into a fixed-width integer, so {@code 99999999999999999999 > 18446744073709551615} holds.
 */
final class Digits {
  private Digits() {}

  /** Compares {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)}, both runs of ASCII digits, by numeric value. */
  static int compare(CharSequence a, int aFrom, int aTo, CharSequence b, int bFrom, int bTo) {
    while (aFrom < aTo && a.charAt(aFrom) == '0') {
      aFrom++;
    }
    while (bFrom < bTo && b.charAt(bFrom) == '0') {
      bFrom++;
    }
    int lengths = Integer.compare(aTo - aFrom, bTo - bFrom);
    if (lengths != 0) {
      return lengths;
    }
    for (; aFrom < aTo; aFrom++, bFrom++) {
      int c = Character.compare(a.charAt(aFrom), b.charAt(bFrom));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Compares two strings of ASCII digits by numeric value. */
  static int compare(CharSequence a, CharSequence b) {
    return compare(a, 0, a.length(), b, 0, b.length());
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The length of the run of ASCII digits in {@code s} starting at {@code from}. */
  static int run(CharSequence s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i - from;
  }
}
