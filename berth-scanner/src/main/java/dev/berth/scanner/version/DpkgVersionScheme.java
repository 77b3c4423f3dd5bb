package dev.berth.scanner.version;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Debian's version order: Debian Policy §5.6.12
 * (https://www.debian.org/doc/debian-policy/ch-controlfields.html#version), exactly as dpkg 1.21's
 * {@code parseversion} and {@code verrevcmp} implement it.
 *
 * <p>A version is {@code [epoch:]upstream[-revision]}. Epochs compare as integers; upstream and revision
 * compare as alternating non-digit and digit runs, where {@code ~} sorts before everything (even the end of
 * the string), letters before all other characters, and digit runs by numeric value of any length.
 *
 * <p>Like dpkg, the comparison works on the UTF-8 bytes of the string with C's signed {@code char}, so a
 * non-ASCII byte sorts after letters and before ASCII punctuation. What dpkg only warns about (a version not
 * starting with a digit, characters outside Policy's set) still compares; what dpkg rejects (empty, embedded
 * blanks, a bad epoch, an empty upstream version or revision) throws {@link InvalidVersionException}.
 */
final class DpkgVersionScheme implements VersionScheme {

  /** One parsed version: byte ranges into {@code bytes}. */
  private record Parsed(long epoch, byte[] bytes, int upFrom, int upTo, int revFrom, int revTo) {}

  @Override
  public Kind kind() {
    return Kind.DPKG;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    int c = Long.compare(x.epoch(), y.epoch());
    if (c == 0) {
      c = verrevcmp(x.bytes(), x.upFrom(), x.upTo(), y.bytes(), y.upFrom(), y.upTo());
    }
    if (c == 0) {
      c = verrevcmp(x.bytes(), x.revFrom(), x.revTo(), y.bytes(), y.revFrom(), y.revTo());
    }
    return Integer.signum(c);
  }

  @Override
  public boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (InvalidVersionException e) {
      return false;
    }
  }

  private static Parsed parse(String version) {
    Objects.requireNonNull(version, "version");
    if (version.indexOf('\0') >= 0) {
      throw invalid(version, "version string contains a NUL character");
    }
    byte[] s = version.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    while (start < s.length && isBlank(s[start])) {
      start++;
    }
    if (start == s.length) {
      throw invalid(version, "version string is empty");
    }
    int end = start;
    while (end < s.length && !isBlank(s[end])) {
      end++;
    }
    for (int i = end; i < s.length; i++) {
      if (!isBlank(s[i])) {
        throw invalid(version, "version string has embedded spaces");
      }
    }
    long epoch = 0;
    int upFrom = start;
    int colon = indexOf(s, start, end, (byte) ':');
    if (colon >= 0) {
      epoch = epoch(version, s, start, colon);
      if (colon + 1 == end) {
        throw invalid(version, "nothing after colon in version number");
      }
      upFrom = colon + 1;
    }
    int hyphen = lastIndexOf(s, upFrom, end, (byte) '-');
    int upTo = hyphen >= 0 ? hyphen : end;
    int revFrom = hyphen >= 0 ? hyphen + 1 : end;
    if (hyphen >= 0 && revFrom == end) {
      throw invalid(version, "revision number is empty");
    }
    if (upFrom == upTo) {
      throw invalid(version, "version number is empty");
    }
    return new Parsed(epoch, s, upFrom, upTo, revFrom, end);
  }

  /** The epoch before the first colon, parsed the way dpkg's {@code strtol} call does. */
  private static long epoch(String version, byte[] s, int from, int colon) {
    int i = from;
    while (i < colon && isCSpace(s[i])) {
      i++;
    }
    boolean negative = false;
    if (i < colon && (s[i] == '+' || s[i] == '-')) {
      negative = s[i] == '-';
      i++;
    }
    int digitsFrom = i;
    long value = 0;
    boolean tooBig = false;
    while (i < s.length && isDigit(s[i])) {
      if (!tooBig) {
        value = value * 10 + (s[i] - '0');
        tooBig = value > Integer.MAX_VALUE;
      }
      i++;
    }
    if (i == digitsFrom) {
      throw invalid(version, "epoch in version is empty");
    }
    if (i != colon) {
      throw invalid(version, "epoch in version is not number");
    }
    if (negative && (tooBig || value != 0)) {
      throw invalid(version, "epoch in version is negative");
    }
    if (tooBig) {
      throw invalid(version, "epoch in version is too big");
    }
    return value;
  }

  /** dpkg's {@code verrevcmp} over byte ranges; a position past the end reads as C's terminating NUL. */
  static int verrevcmp(byte[] x, int a, int aEnd, byte[] y, int b, int bEnd) {
    while (a < aEnd || b < bEnd) {
      int firstDiff = 0;
      while ((a < aEnd && !isDigit(x[a])) || (b < bEnd && !isDigit(y[b]))) {
        int ac = order(a < aEnd ? x[a] : 0);
        int bc = order(b < bEnd ? y[b] : 0);
        if (ac != bc) {
          return ac - bc;
        }
        a++;
        b++;
      }
      while (a < aEnd && x[a] == '0') {
        a++;
      }
      while (b < bEnd && y[b] == '0') {
        b++;
      }
      while (a < aEnd && isDigit(x[a]) && b < bEnd && isDigit(y[b])) {
        if (firstDiff == 0) {
          firstDiff = x[a] - y[b];
        }
        a++;
        b++;
      }
      if (a < aEnd && isDigit(x[a])) {
        return 1;
      }
      if (b < bEnd && isDigit(y[b])) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  /** Policy's sort weight of one (signed) byte: {@code ~} lowest, then end and digits, letters, the rest. */
  private static int order(byte c) {
    if (isDigit(c)) {
      return 0;
    } else if (isAlpha(c)) {
      return c;
    } else if (c == '~') {
      return -1;
    } else if (c != 0) {
      return c + 256;
    }
    return 0;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAlpha(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isCSpace(byte c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static int indexOf(byte[] s, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (s[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] s, int from, int to, byte c) {
    for (int i = to - 1; i >= from; i--) {
      if (s[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static InvalidVersionException invalid(String version, String why) {
    return Invalid.version(Kind.DPKG, version, why);
  }
}
