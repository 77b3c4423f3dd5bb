package dev.berth.scanner.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One parsed PEP 440 version (https://peps.python.org/pep-0440/), read the way pypa/packaging's
 * {@code Version} regular expression reads it, by a hand-written scanner that takes the same (possessive)
 * choices in one pass.
 *
 * <p>Numbers are kept as decimal strings without leading zeros ({@code ""} is zero), so they have no upper
 * bound; {@code pre} is {@code a}, {@code b} or {@code rc} plus a number; {@code local} segments are lower case,
 * digit-only segments stripped of leading zeros.
 */
record Pep440Version(
    String epoch,
    List<String> release,
    Optional<Pre> pre,
    Optional<String> post,
    Optional<String> dev,
    Optional<List<String>> local) {

  /** A pre-release: normalised letter and number. */
  record Pre(String letter, String number) {}

  private static final String[] PRE_LABELS = {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"};
  private static final String[] PRE_NORMAL = {"a", "a", "b", "b", "rc", "rc", "rc", "rc"};
  private static final String[] POST_LABELS = {"post", "rev", "r"};

  /** Parses {@code s}, or returns empty when packaging would raise {@code InvalidVersion}. */
  static Optional<Pep440Version> parse(String s) {
    return new Scanner(s).version();
  }

  /** The canonical form, as {@code str(packaging.version.Version(s))} prints it. */
  String normalized() {
    StringBuilder out = new StringBuilder();
    if (!epoch.isEmpty()) {
      out.append(epoch).append('!');
    }
    for (int i = 0; i < release.size(); i++) {
      out.append(i == 0 ? "" : ".").append(number(release.get(i)));
    }
    pre.ifPresent(p -> out.append(p.letter()).append(number(p.number())));
    post.ifPresent(p -> out.append(".post").append(number(p)));
    dev.ifPresent(d -> out.append(".dev").append(number(d)));
    local.ifPresent(l -> out.append('+').append(String.join(".", l.stream().map(Pep440Version::segment).toList())));
    return out.toString();
  }

  private static String number(String n) {
    return n.isEmpty() ? "0" : n;
  }

  private static String segment(String s) {
    return s.isEmpty() ? "0" : s;
  }

  /** A cursor over the input that takes the regular expression's choices in order. */
  private static final class Scanner {
    private final String s;
    private int pos;

    Scanner(String s) {
      this.s = s;
    }

    Optional<Pep440Version> version() {
      skipSpace();
      if (pos < s.length() && (s.charAt(pos) == 'v' || s.charAt(pos) == 'V')) {
        pos++;
      }
      String epoch = epoch();
      List<String> release = release();
      if (release.isEmpty()) {
        return Optional.empty();
      }
      Optional<Pre> pre = pre();
      Optional<String> post = post();
      Optional<String> dev = dev();
      Optional<List<String>> local = local();
      skipSpace();
      if (pos != s.length()) {
        return Optional.empty();
      }
      return Optional.of(new Pep440Version(epoch, release, pre, post, dev, local));
    }

    private String epoch() {
      int n = Digits.run(s, pos);
      if (n > 0 && pos + n < s.length() && s.charAt(pos + n) == '!') {
        String epoch = strip(pos, pos + n);
        pos += n + 1;
        return epoch;
      }
      return "";
    }

    private List<String> release() {
      List<String> parts = new ArrayList<>();
      int n = Digits.run(s, pos);
      if (n == 0) {
        return parts;
      }
      parts.add(strip(pos, pos + n));
      pos += n;
      while (pos < s.length() && s.charAt(pos) == '.' && (n = Digits.run(s, pos + 1)) > 0) {
        parts.add(strip(pos + 1, pos + 1 + n));
        pos += 1 + n;
      }
      return parts;
    }

    private Optional<Pre> pre() {
      int start = pos;
      skipSeparator();
      for (int i = 0; i < PRE_LABELS.length; i++) {
        if (matchesIgnoringAsciiCase(PRE_LABELS[i])) {
          pos += PRE_LABELS[i].length();
          skipSeparator();
          return Optional.of(new Pre(PRE_NORMAL[i], digits()));
        }
      }
      pos = start;
      return Optional.empty();
    }

    private Optional<String> post() {
      int start = pos;
      if (pos < s.length() && s.charAt(pos) == '-' && Digits.run(s, pos + 1) > 0) {
        pos++;
        return Optional.of(digits());
      }
      skipSeparator();
      for (String label : POST_LABELS) {
        if (matchesIgnoringAsciiCase(label)) {
          pos += label.length();
          skipSeparator();
          return Optional.of(digits());
        }
      }
      pos = start;
      return Optional.empty();
    }

    private Optional<String> dev() {
      int start = pos;
      skipSeparator();
      if (matchesIgnoringAsciiCase("dev")) {
        pos += 3;
        skipSeparator();
        return Optional.of(digits());
      }
      pos = start;
      return Optional.empty();
    }

    private Optional<List<String>> local() {
      if (pos >= s.length() || s.charAt(pos) != '+' || alnumRun(pos + 1) == 0) {
        return Optional.empty();
      }
      pos++;
      List<String> segments = new ArrayList<>();
      int n = alnumRun(pos);
      segments.add(localSegment(pos, pos + n));
      pos += n;
      while (pos < s.length() && isSeparator(s.charAt(pos)) && (n = alnumRun(pos + 1)) > 0) {
        segments.add(localSegment(pos + 1, pos + 1 + n));
        pos += 1 + n;
      }
      return Optional.of(segments);
    }

    private String localSegment(int from, int to) {
      return Digits.run(s, from) == to - from ? strip(from, to) : asciiLower(from, to);
    }

    /** An optional run of digits, as a number without leading zeros (absent means 0). */
    private String digits() {
      int n = Digits.run(s, pos);
      String value = strip(pos, pos + n);
      pos += n;
      return value;
    }

    private String strip(int from, int to) {
      while (from < to && s.charAt(from) == '0') {
        from++;
      }
      return s.substring(from, to);
    }

    private String asciiLower(int from, int to) {
      StringBuilder out = new StringBuilder(to - from);
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
      }
      return out.toString();
    }

    private int alnumRun(int from) {
      int i = from;
      while (i < s.length() && isAsciiAlnum(s.charAt(i))) {
        i++;
      }
      return i - from;
    }

    private boolean matchesIgnoringAsciiCase(String lowerLabel) {
      if (pos + lowerLabel.length() > s.length()) {
        return false;
      }
      for (int i = 0; i < lowerLabel.length(); i++) {
        char c = s.charAt(pos + i);
        char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        if (lower != lowerLabel.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private void skipSeparator() {
      if (pos < s.length() && isSeparator(s.charAt(pos))) {
        pos++;
      }
    }

    private void skipSpace() {
      while (pos < s.length() && isPythonSpace(s.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isSeparator(char c) {
      return c == '.' || c == '_' || c == '-';
    }

    private static boolean isAsciiAlnum(char c) {
      return Digits.isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Python's {@code str.isspace()}, which {@code \s} matches in a str pattern. */
    private static boolean isPythonSpace(char c) {
      return (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= ' ') || c == '\u0085' || c == '\u00a0'
          || c == '\u1680' || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029'
          || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }
  }
}
