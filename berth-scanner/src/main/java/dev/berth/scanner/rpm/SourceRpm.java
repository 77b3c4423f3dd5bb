package dev.berth.scanner.rpm;

import java.util.Objects;
import java.util.Optional;

/**
 * The source package a binary rpm was built from, as its {@code SOURCERPM} tag names it:
 * {@code name-version-release.src.rpm} (or {@code .nosrc.rpm}). The file name carries no epoch.
 *
 * @param name the source package name ({@code util-linux})
 * @param version the upstream version ({@code 2.32.1})
 * @param release the release ({@code 42.el8_8})
 */
record SourceRpm(String name, String version, String release) {
  SourceRpm {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(release, "release");
    if (name.isEmpty() || version.isEmpty() || release.isEmpty()) {
      throw new IllegalArgumentException("source rpm name, version and release must not be empty");
    }
  }

  /**
   * Splits a source rpm file name at its last two hyphens, after removing {@code .src.rpm} or
   * {@code .nosrc.rpm}. Package names may contain hyphens; versions and releases may not.
   *
   * @return empty when the name lacks the suffix or a non-empty name, version or release
   */
  static Optional<SourceRpm> parse(String fileName) {
    String base;
    if (fileName.endsWith(".src.rpm")) {
      base = fileName.substring(0, fileName.length() - ".src.rpm".length());
    } else if (fileName.endsWith(".nosrc.rpm")) {
      base = fileName.substring(0, fileName.length() - ".nosrc.rpm".length());
    } else {
      return Optional.empty();
    }
    int lastDash = base.lastIndexOf('-');
    int versionDash = lastDash <= 0 ? -1 : base.lastIndexOf('-', lastDash - 1);
    if (versionDash <= 0 || lastDash == base.length() - 1 || versionDash == lastDash - 1) {
      return Optional.empty();
    }
    return Optional.of(new SourceRpm(base.substring(0, versionDash),
        base.substring(versionDash + 1, lastDash), base.substring(lastDash + 1)));
  }

  /** {@code version-release}. */
  String versionRelease() {
    return version + "-" + release;
  }
}
