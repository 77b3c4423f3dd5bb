package dev.berth.scanner.advisory;

import dev.berth.scanner.Ecosystem;
import java.util.Objects;
import java.util.Optional;

/**
 * One package an advisory speaks about, and which of its versions are affected.
 *
 * @param ecosystem the package's ecosystem
 * @param release the OS release for OS ecosystems ({@code debian:12}); empty for language ecosystems
 * @param packageName the name as the feed writes it: a source package for Debian, an origin for Alpine,
 *     {@code group:artifact} for Maven, the project name for PyPI, the module path for Go
 * @param sourcePackage whether {@code packageName} names a source package (matched against an installed
 *     package's source name) rather than a binary or language package (matched against its name)
 * @param versions which versions are affected
 * @param severity a severity specific to this package and release, overriding the advisory's (the Debian
 *     tracker's urgency is per release; OSV allows {@code affected[].severity})
 */
public record Affected(
    Ecosystem ecosystem,
    Optional<ReleaseKey> release,
    String packageName,
    boolean sourcePackage,
    AffectedVersions versions,
    Optional<Severity> severity) {
  public Affected {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(severity, "severity");
    if (packageName.isBlank()) {
      throw new IllegalArgumentException("affected package name is blank");
    }
    if (ecosystem.isOperatingSystem() != release.isPresent()) {
      throw new IllegalArgumentException(ecosystem.isOperatingSystem()
          ? "OS package " + packageName + " needs a release"
          : "language package " + packageName + " cannot have a release");
    }
  }
}
