package dev.berth.scanner.version;

import java.util.Objects;

/**
 * npm's version order: Semantic Versioning 2.0.0 precedence (https://semver.org/#spec-item-11) with the input
 * read as node-semver's strict parser reads it: surrounding whitespace (JavaScript's {@code trim}) and one
 * leading {@code v} are ignored, build metadata is ignored by the comparison (so {@code 1.0.0+a == 1.0.0+b}).
 *
 * <p>Where node-semver gives up, this class does not: it accepts versions longer than 256 characters and
 * numbers above 2^53-1, and compares them exactly, as SemVer 2.0.0 says.
 */
final class SemverVersionScheme implements VersionScheme {

  @Override
  public Kind kind() {
    return Kind.SEMVER;
  }

  @Override
  public int compare(String a, String b) {
    return Integer.signum(parse(a).compareTo(parse(b)));
  }

  @Override
  public boolean isValid(String s) {
    return read(Objects.requireNonNull(s, "s")) != null;
  }

  private static SemVer parse(String s) {
    SemVer v = read(Objects.requireNonNull(s, "version"));
    if (v == null) {
      throw Invalid.version(Kind.SEMVER, s, "not a SemVer 2.0.0 version");
    }
    return v;
  }

  private static SemVer read(String s) {
    String t = jsTrim(s);
    int from = t.startsWith("v") ? 1 : 0;
    return SemVer.parse(t, from, false).orElse(null);
  }

  /** JavaScript's {@code String.prototype.trim}: white space and line terminators at both ends. */
  private static String jsTrim(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isJsSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isJsSpace(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isJsSpace(char c) {
    return (c >= '\t' && c <= '\r') || c == '\ufeff' || c == '\u2028' || c == '\u2029'
        || Character.getType(c) == Character.SPACE_SEPARATOR;
  }
}
