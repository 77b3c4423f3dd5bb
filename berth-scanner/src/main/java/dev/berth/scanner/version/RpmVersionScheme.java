package dev.berth.scanner.version;

import java.util.Objects;
import java.util.Optional;

/**
 * rpm's version order: {@code [epoch:]version[-release]} compared as rpm's {@code rpmVersionCompare} does
 * (epoch as a number, a missing or empty epoch being 0; then version, then release, each with
 * {@code rpmvercmp} from rpm's rpmio/rpmvercmp.c).
 *
 * <p>{@code rpmvercmp} splits a string into runs of ASCII letters and runs of ASCII digits, skipping every
 * other character; a digit run is newer than a letter run; digit runs compare by value (any length), letter
 * runs bytewise. {@code ~} sorts before everything, even the end of the string; {@code ^} sorts after the end
 * of the string but before any further segment.
 *
 * <p>The string is split as rpm 4.18's {@code parseEVR} does (the epoch is the run of digits before a first
 * {@code :}, the release what follows the last {@code -}) and the parts compared as its {@code rpmverCmp}
 * does: a version without a release sorts below the same version with any release, even an empty one
 * ({@code 1 < 1- < 1-0}). Every string is a version: {@link #compare} never throws. Like C, the string ends at
 * a NUL character.
 */
final class RpmVersionScheme implements VersionScheme {

  private record Evr(String epoch, String version, Optional<String> release) {}

  @Override
  public Kind kind() {
    return Kind.RPM;
  }

  @Override
  public int compare(String a, String b) {
    Evr x = parseEvr(Objects.requireNonNull(a, "a"));
    Evr y = parseEvr(Objects.requireNonNull(b, "b"));
    int c = Digits.compare(x.epoch(), y.epoch());
    if (c == 0) {
      c = rpmvercmp(x.version(), y.version());
    }
    if (c == 0 && x.release().isPresent() && y.release().isPresent()) {
      c = rpmvercmp(x.release().get(), y.release().get());
    } else if (c == 0) {
      c = Boolean.compare(x.release().isPresent(), y.release().isPresent());
    }
    return Integer.signum(c);
  }

  @Override
  public boolean isValid(String s) {
    Objects.requireNonNull(s, "s");
    return true;
  }

  private static Evr parseEvr(String evr) {
    String s = cString(evr);
    int digits = Digits.run(s, 0);
    boolean hasEpoch = digits < s.length() && s.charAt(digits) == ':';
    String epoch = hasEpoch && digits > 0 ? s.substring(0, digits) : "0";
    int versionFrom = hasEpoch ? digits + 1 : 0;
    int hyphen = s.lastIndexOf('-');
    if (hyphen < versionFrom) {
      return new Evr(epoch, s.substring(versionFrom), Optional.empty());
    }
    return new Evr(epoch, s.substring(versionFrom, hyphen), Optional.of(s.substring(hyphen + 1)));
  }

  /** What C sees of a Java string: everything before the first NUL. */
  private static String cString(String s) {
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  /** rpm's {@code rpmvercmp} on two strings. */
  static int rpmvercmp(String a, String b) {
    String one = cString(a);
    String two = cString(b);
    if (one.equals(two)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < one.length() || j < two.length()) {
      i = skipSeparators(one, i);
      j = skipSeparators(two, j);
      char c1 = at(one, i);
      char c2 = at(two, j);
      if (c1 == '~' || c2 == '~') {
        if (c1 != '~') {
          return 1;
        }
        if (c2 != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      // Like '~', except that the string that ended (the base version) is the older one.
      if (c1 == '^' || c2 == '^') {
        if (c1 == 0) {
          return -1;
        }
        if (c2 == 0) {
          return 1;
        }
        if (c1 != '^') {
          return 1;
        }
        if (c2 != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (c1 == 0 || c2 == 0) {
        break;
      }
      boolean numeric = Digits.isDigit(c1);
      int end1 = numeric ? i + Digits.run(one, i) : i + alphaRun(one, i);
      int end2 = numeric ? j + Digits.run(two, j) : j + alphaRun(two, j);
      if (end2 == j) {
        // Segments of different kinds: the numeric one is newer.
        return numeric ? 1 : -1;
      }
      int c = numeric ? Digits.compare(one, i, end1, two, j, end2) : compareRegion(one, i, end1, two, j, end2);
      if (c != 0) {
        return c < 0 ? -1 : 1;
      }
      i = end1;
      j = end2;
    }
    if (i >= one.length() && j >= two.length()) {
      return 0;
    }
    return i >= one.length() ? -1 : 1;
  }

  private static int skipSeparators(String s, int i) {
    while (i < s.length() && !isAsciiAlnum(s.charAt(i)) && s.charAt(i) != '~' && s.charAt(i) != '^') {
      i++;
    }
    return i;
  }

  private static char at(String s, int i) {
    return i < s.length() ? s.charAt(i) : 0;
  }

  private static int alphaRun(String s, int from) {
    int i = from;
    while (i < s.length() && isAsciiAlpha(s.charAt(i))) {
      i++;
    }
    return i - from;
  }

  private static int compareRegion(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
    int n = Math.min(aTo - aFrom, bTo - bFrom);
    for (int k = 0; k < n; k++) {
      int c = Character.compare(a.charAt(aFrom + k), b.charAt(bFrom + k));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(aTo - aFrom, bTo - bFrom);
  }

  private static boolean isAsciiAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiAlnum(char c) {
    return isAsciiAlpha(c) || Digits.isDigit(c);
  }
}
