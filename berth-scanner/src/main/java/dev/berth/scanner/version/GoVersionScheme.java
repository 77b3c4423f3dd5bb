package dev.berth.scanner.version;

import java.util.Objects;

/**
 * Go module versions, ordered as golang.org/x/mod/semver's {@code Compare}: {@code vMAJOR[.MINOR[.PATCH]]}
 * with SemVer 2.0.0 pre-release and build parts, where {@code v1} and {@code v1.2} are shorthands for
 * {@code v1.0.0} and {@code v1.2.0} (https://go.dev/ref/mod#versions).
 *
 * <p>{@code +incompatible} is build metadata and so ignored by the order. Pseudo-versions
 * ({@code v0.0.0-20191109021931-daa7c04131f5}, {@code v1.2.4-0.20191109021931-daa7c04131f5},
 * {@code v1.2.3-pre.0.20191109021931-daa7c04131f5}) are pre-releases and order as SemVer orders them.
 *
 * <p>The leading {@code v} is optional here: OSV records write Go versions without it ("SEMVER: ... with no
 * leading v prefix"), and the installed versions in build info carry it, so both must compare. Invalid
 * strings throw instead of sorting below valid ones as x/mod does.
 */
final class GoVersionScheme implements VersionScheme {

  @Override
  public Kind kind() {
    return Kind.GO;
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
      throw Invalid.version(Kind.GO, s, "not a Go module version");
    }
    return v;
  }

  private static SemVer read(String s) {
    return SemVer.parse(s, s.startsWith("v") ? 1 : 0, true).orElse(null);
  }
}
