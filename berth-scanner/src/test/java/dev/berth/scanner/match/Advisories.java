package dev.berth.scanner.match;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.advisory.Advisory;
import dev.berth.scanner.advisory.Affected;
import dev.berth.scanner.advisory.AffectedVersions;
import dev.berth.scanner.advisory.ReleaseKey;
import dev.berth.scanner.advisory.Severity;
import dev.berth.scanner.advisory.VersionRange;
import java.util.List;
import java.util.Optional;

/** Builders for the advisories the matcher tests match against. */
final class Advisories {
  private Advisories() {}

  static Advisory advisory(String id, Severity severity, Affected... affected) {
    return new Advisory(id, "test", List.of(), "summary of " + id, "", List.of(), Optional.empty(),
        Optional.empty(), severity, List.of(affected));
  }

  static Advisory advisory(String id, Affected... affected) {
    return advisory(id, Severity.unknown(), affected);
  }

  static Affected os(Ecosystem eco, String release, String source, AffectedVersions versions) {
    return new Affected(eco, Optional.of(ReleaseKey.parse(release)), source, true, versions, Optional.empty());
  }

  static Affected lang(Ecosystem eco, String name, VersionRange... ranges) {
    return new Affected(eco, Optional.empty(), name, false, AffectedVersions.Ranges.of(ranges), Optional.empty());
  }

  static VersionRange ecosystem(VersionRange.Event... events) {
    return VersionRange.of(VersionRange.Type.ECOSYSTEM, events);
  }

  static VersionRange semver(VersionRange.Event... events) {
    return VersionRange.of(VersionRange.Type.SEMVER, events);
  }
}
