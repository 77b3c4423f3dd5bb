package dev.berth.scanner;

import java.util.Objects;

/**
 * One package found in an image.
 *
 * @param name the binary package name (dpkg, apk, rpm), or the language coordinates: {@code group:artifact} for
 *     Maven, the normalised project name for PyPI, the package name for npm, the module path for Go (and
 *     {@code stdlib} for the Go toolchain)
 * @param version the installed version, exactly as the package database records it (for rpm:
 *     {@code [epoch:]version-release})
 * @param ecosystem where the package comes from
 * @param sourceName the source package (dpkg {@code Source:}, apk origin, rpm source rpm name); the name itself
 *     when the database records none
 * @param sourceVersion the source package's version; the version itself when the database records none
 * @param arch the architecture, empty when not recorded
 * @param path the file in the image that recorded this package, relative to the root without a leading slash
 *     ({@code var/lib/dpkg/status}, {@code app/lib/x.jar!/META-INF/maven/g/a/pom.properties})
 */
public record InstalledPackage(
    String name,
    String version,
    Ecosystem ecosystem,
    String sourceName,
    String sourceVersion,
    String arch,
    String path) {
  public InstalledPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(path, "path");
    if (name.isBlank()) {
      throw new IllegalArgumentException("package name is blank");
    }
    sourceName = sourceName == null || sourceName.isBlank() ? name : sourceName;
    sourceVersion = sourceVersion == null || sourceVersion.isBlank() ? version : sourceVersion;
    arch = Objects.requireNonNullElse(arch, "");
  }

  /** A package whose source is itself. */
  public static InstalledPackage of(String name, String version, Ecosystem ecosystem, String path) {
    return new InstalledPackage(name, version, ecosystem, name, version, "", path);
  }
}
