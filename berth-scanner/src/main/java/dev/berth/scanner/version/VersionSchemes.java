package dev.berth.scanner.version;

import java.util.Objects;

/**
 * The version orderings Berth implements, one per {@link VersionScheme.Kind}. The door to this package:
 * {@code VersionSchemes.of(ecosystem.scheme())} gives the comparator for an ecosystem.
 *
 * <p>Every scheme is stateless and thread-safe; the same instance is returned on every call.
 */
public final class VersionSchemes {
  private static final VersionScheme DPKG = new DpkgVersionScheme();
  private static final VersionScheme APK = new ApkVersionScheme();
  private static final VersionScheme RPM = new RpmVersionScheme();
  private static final VersionScheme MAVEN = new MavenVersionScheme();
  private static final VersionScheme PEP440 = new Pep440VersionScheme();
  private static final VersionScheme SEMVER = new SemverVersionScheme();
  private static final VersionScheme GO = new GoVersionScheme();

  private VersionSchemes() {}

  /** The ordering of {@code kind}. */
  public static VersionScheme of(VersionScheme.Kind kind) {
    return switch (Objects.requireNonNull(kind, "kind")) {
      case DPKG -> DPKG;
      case APK -> APK;
      case RPM -> RPM;
      case MAVEN -> MAVEN;
      case PEP440 -> PEP440;
      case SEMVER -> SEMVER;
      case GO -> GO;
    };
  }

  /** Debian's order (Debian Policy §5.6.12, as dpkg compares). */
  public static VersionScheme dpkg() {
    return DPKG;
  }

  /** Alpine's order (apk-tools' {@code apk_version_compare}). */
  public static VersionScheme apk() {
    return APK;
  }

  /** rpm's order ({@code [epoch:]version[-release]}, {@code rpmvercmp}). */
  public static VersionScheme rpm() {
    return RPM;
  }

  /** Maven's order (the POM version order of {@code ComparableVersion}). */
  public static VersionScheme maven() {
    return MAVEN;
  }

  /** Python's order (PEP 440, as pypa/packaging). */
  public static VersionScheme pep440() {
    return PEP440;
  }

  /** npm's order (SemVer 2.0.0, a leading {@code v} tolerated). */
  public static VersionScheme semver() {
    return SEMVER;
  }

  /** Go module versions (SemVer with {@code v}, shorthands and pseudo-versions). */
  public static VersionScheme go() {
    return GO;
  }
}
