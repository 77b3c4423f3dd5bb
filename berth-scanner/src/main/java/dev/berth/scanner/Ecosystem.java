package dev.berth.scanner;

import dev.berth.scanner.version.VersionScheme;

/**
 * Where a package comes from. Each ecosystem compares versions with exactly one {@link VersionScheme}
 * and is named in reports the way OSV names it.
 */
public enum Ecosystem {
  DEBIAN("Debian", VersionScheme.Kind.DPKG),
  ALPINE("Alpine", VersionScheme.Kind.APK),
  RPM("RPM", VersionScheme.Kind.RPM),
  MAVEN("Maven", VersionScheme.Kind.MAVEN),
  PYPI("PyPI", VersionScheme.Kind.PEP440),
  NPM("npm", VersionScheme.Kind.SEMVER),
  GO("Go", VersionScheme.Kind.GO);

  private final String osvName;
  private final VersionScheme.Kind scheme;

  Ecosystem(String osvName, VersionScheme.Kind scheme) {
    this.osvName = osvName;
    this.scheme = scheme;
  }

  /** The ecosystem's name in OSV records (without a release suffix such as {@code Debian:12}). */
  public String osvName() {
    return osvName;
  }

  /** The version ordering this ecosystem uses. */
  public VersionScheme.Kind scheme() {
    return scheme;
  }

  /** Whether packages of this ecosystem are installed by the distribution's package manager. */
  public boolean isOperatingSystem() {
    return this == DEBIAN || this == ALPINE || this == RPM;
  }
}
