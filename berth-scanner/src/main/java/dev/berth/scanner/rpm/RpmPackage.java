package dev.berth.scanner.rpm;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a vulnerability matcher needs from one installed rpm header.
 *
 * @param instance the header's instance number in its database (sqlite {@code hnum}, BDB key, ndb pkgidx)
 * @param name the package name
 * @param epoch the {@code EPOCH} tag, empty when the header has none (rpm then compares as epoch 0)
 * @param version the {@code VERSION} tag
 * @param release the {@code RELEASE} tag
 * @param arch the {@code ARCH} tag, empty when absent ({@code gpg-pubkey} headers have none)
 * @param sourceRpm the {@code SOURCERPM} file name, empty when absent
 * @param modularityLabel the {@code MODULARITYLABEL} tag ({@code name:stream:version:context}), empty when
 *     absent
 * @param vendor the {@code VENDOR} tag, empty when absent
 * @param license the {@code LICENSE} tag, empty when absent
 */
record RpmPackage(
    int instance,
    String name,
    OptionalLong epoch,
    String version,
    String release,
    String arch,
    String sourceRpm,
    String modularityLabel,
    String vendor,
    String license) {

  /** rpm's name for the pseudo-packages that hold imported signing keys. */
  static final String GPG_PUBKEY = "gpg-pubkey";

  RpmPackage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(sourceRpm, "sourceRpm");
    Objects.requireNonNull(modularityLabel, "modularityLabel");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(license, "license");
    if (name.isEmpty() || version.isEmpty() || release.isEmpty()) {
      throw new IllegalArgumentException("rpm name, version and release must not be empty");
    }
  }

  /**
   * Reads the package fields of a header.
   *
   * @throws RpmFormatException if the header lacks a name, version or release
   */
  static RpmPackage from(int instance, RpmHeader header) throws RpmFormatException {
    String name = required(header, RpmTag.NAME, "NAME", instance);
    String version = required(header, RpmTag.VERSION, "VERSION", instance);
    String release = required(header, RpmTag.RELEASE, "RELEASE", instance);
    return new RpmPackage(
        instance,
        name,
        header.integer(RpmTag.EPOCH),
        version,
        release,
        header.string(RpmTag.ARCH).orElse(""),
        header.string(RpmTag.SOURCERPM).orElse(""),
        header.string(RpmTag.MODULARITY_LABEL).orElse(""),
        header.string(RpmTag.VENDOR).orElse(""),
        header.string(RpmTag.LICENSE).orElse(""));
  }

  private static String required(RpmHeader header, int tag, String tagName, int instance)
      throws RpmFormatException {
    Optional<String> value = header.string(tag).filter(s -> !s.isEmpty());
    if (value.isEmpty()) {
      throw new RpmFormatException("header " + instance + " has no " + tagName);
    }
    return value.get();
  }

  /**
   * The version as Berth reports it: {@code [epoch:]version-release}, with the epoch only when it is present and
   * not 0 (an absent epoch and epoch 0 compare equal in rpm).
   */
  String evr() {
    return epochPrefix() + version + "-" + release;
  }

  /** The source package named by {@link #sourceRpm()}, when it parses. */
  Optional<SourceRpm> source() {
    return SourceRpm.parse(sourceRpm);
  }

  /** The source package's name; this package's own name when the header names no parsable source rpm. */
  String sourceName() {
    return source().map(SourceRpm::name).orElse(name);
  }

  /**
   * The source package's version as {@code [epoch:]version-release}. A source rpm's file name carries no epoch;
   * rpm builds every package of one spec with the spec's epoch, so the binary's epoch is used.
   */
  String sourceVersion() {
    return source().map(s -> epochPrefix() + s.versionRelease()).orElse(evr());
  }

  /** The module stream ({@code name:stream}) from the modularity label, when the package belongs to one. */
  Optional<String> moduleStream() {
    String[] parts = modularityLabel.split(":", -1);
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parts[0] + ":" + parts[1]);
  }

  /** Whether this is a {@code gpg-pubkey} pseudo-package (an imported key, not installed software). */
  boolean isGpgPubkey() {
    return GPG_PUBKEY.equals(name);
  }

  /** This package as the scanner's model records it, found in the database at {@code path}. */
  InstalledPackage toInstalledPackage(String path) {
    return new InstalledPackage(name, evr(), Ecosystem.RPM, sourceName(), sourceVersion(), arch, path);
  }

  private String epochPrefix() {
    return epoch.isPresent() && epoch.getAsLong() != 0 ? epoch.getAsLong() + ":" : "";
  }
}
