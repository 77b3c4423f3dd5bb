package dev.berth.scanner.advisory;

import java.util.List;
import java.util.Objects;

/** Which versions of a package an advisory affects, in one of the four ways feeds say it. */
public sealed interface AffectedVersions
    permits AffectedVersions.Ranges,
        AffectedVersions.FixedIn,
        AffectedVersions.Unfixed,
        AffectedVersions.NotAffected {

  /**
   * OSV ranges and explicit versions: a version is affected if it equals one of {@code versions} or falls in
   * one of {@code ranges}.
   *
   * @param ranges the ECOSYSTEM and SEMVER ranges
   * @param versions explicitly listed affected versions
   */
  record Ranges(List<VersionRange> ranges, List<String> versions) implements AffectedVersions {
    public Ranges {
      ranges = List.copyOf(ranges);
      versions = List.copyOf(versions);
      if (ranges.isEmpty() && versions.isEmpty()) {
        throw new IllegalArgumentException("no ranges and no versions");
      }
    }

    /** Ranges only. */
    public static Ranges of(VersionRange... ranges) {
      return new Ranges(List.of(ranges), List.of());
    }
  }

  /**
   * Every version before {@code version} is affected (Debian tracker, Alpine secdb).
   *
   * @param version the first fixed version
   */
  record FixedIn(String version) implements AffectedVersions {
    public FixedIn {
      Objects.requireNonNull(version, "version");
      if (version.isBlank() || version.equals("0")) {
        throw new IllegalArgumentException("fixed version '" + version + "' is not a version; use NotAffected");
      }
    }
  }

  /** Every version is affected and no fix exists yet. */
  record Unfixed() implements AffectedVersions {}

  /** No version is affected: the feed records that the flaw does not apply (Debian and Alpine {@code "0"}). */
  record NotAffected() implements AffectedVersions {}
}
