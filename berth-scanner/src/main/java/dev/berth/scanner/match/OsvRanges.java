package dev.berth.scanner.match;

import dev.berth.scanner.advisory.AffectedVersions;
import dev.berth.scanner.advisory.VersionRange;
import dev.berth.scanner.advisory.VersionRange.Event;
import dev.berth.scanner.advisory.VersionRange.EventKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Evaluates affected-version statements against one installed version, over an injected comparator.
 *
 * <p>OSV ranges follow the evaluation pseudo-code of the OSV schema
 * (<a href="https://ossf.github.io/osv-schema/#evaluation">§ Evaluation</a>): a range applies only below one of
 * its {@code limit} events (none means {@code "*"}, infinity); its other events are sorted by version, with
 * {@code introduced: "0"} before every version and, at equal versions, {@code introduced} before
 * {@code fixed}/{@code last_affected} (so an interval that opens and closes at one version is empty); walking
 * them in order, {@code introduced ≤ v} makes {@code v} affected, {@code fixed ≤ v} unaffected and
 * {@code last_affected < v} unaffected. {@code fixed} is exclusive, {@code last_affected} inclusive. A version
 * listed in {@code versions} is affected. The fixed-in version reported is the first {@code fixed} event above
 * the installed version in the range that affects it.
 */
final class OsvRanges {
  private OsvRanges() {}

  /**
   * What {@code versions} says about {@code installed}.
   *
   * @param compareFor the comparison to use for a range type (ECOSYSTEM ranges use the ecosystem's scheme,
   *     SEMVER ranges SemVer); {@code null} for the explicit forms
   * @throws dev.berth.scanner.version.InvalidVersionException if a version cannot be compared
   */
  static Verdict evaluate(AffectedVersions versions, String installed,
      Function<VersionRange.Type, VersionComparison> compareFor) {
    return switch (versions) {
      case AffectedVersions.NotAffected n -> Verdict.UNAFFECTED;
      case AffectedVersions.Unfixed u -> new Verdict(true, Optional.empty(), Optional.empty());
      case AffectedVersions.FixedIn f ->
          compareFor.apply(VersionRange.Type.ECOSYSTEM).compare(installed, f.version()) < 0
              ? new Verdict(true, Optional.of(f.version()), Optional.empty())
              : Verdict.UNAFFECTED;
      case AffectedVersions.Ranges r -> ranges(r, installed, compareFor);
    };
  }

  private static Verdict ranges(AffectedVersions.Ranges r, String installed,
      Function<VersionRange.Type, VersionComparison> compareFor) {
    for (VersionRange range : r.ranges()) {
      Verdict v = range(range, installed, compareFor.apply(range.type()));
      if (v.affected()) {
        return v;
      }
    }
    VersionComparison eco = compareFor.apply(VersionRange.Type.ECOSYSTEM);
    for (String listed : r.versions()) {
      if (listed.equals(installed) || eco.compare(installed, listed) == 0) {
        return new Verdict(true, Optional.empty(), Optional.empty());
      }
    }
    return Verdict.UNAFFECTED;
  }

  static Verdict range(VersionRange range, String v, VersionComparison c) {
    List<Event> limits = range.events().stream().filter(e -> e.kind() == EventKind.LIMIT).toList();
    if (!limits.isEmpty()
        && limits.stream().noneMatch(l -> l.version().equals("*") || c.compare(v, l.version()) < 0)) {
      return Verdict.UNAFFECTED;
    }
    List<Event> events = new ArrayList<>(
        range.events().stream().filter(e -> e.kind() != EventKind.LIMIT).toList());
    events.sort(order(c));
    boolean vulnerable = false;
    Optional<String> introduced = Optional.empty();
    Optional<String> fixedIn = Optional.empty();
    for (Event e : events) {
      switch (e.kind()) {
        case INTRODUCED -> {
          if (isZero(e) || c.compare(v, e.version()) >= 0) {
            vulnerable = true;
            introduced = isZero(e) ? Optional.empty() : Optional.of(e.version());
          }
        }
        case FIXED -> {
          if (c.compare(v, e.version()) >= 0) {
            vulnerable = false;
          } else if (vulnerable && fixedIn.isEmpty()) {
            fixedIn = Optional.of(e.version());
          }
        }
        case LAST_AFFECTED -> {
          if (c.compare(v, e.version()) > 0) {
            vulnerable = false;
          }
        }
        case LIMIT -> throw new IllegalStateException("limits were filtered out");
      }
    }
    return vulnerable ? new Verdict(true, fixedIn, introduced) : Verdict.UNAFFECTED;
  }

  private static Comparator<Event> order(VersionComparison c) {
    return (a, b) -> {
      int byVersion;
      if (isZero(a) || isZero(b)) {
        byVersion = Boolean.compare(!isZero(a), !isZero(b));
      } else {
        byVersion = c.compare(a.version(), b.version());
      }
      if (byVersion != 0) {
        return byVersion;
      }
      return Boolean.compare(a.kind() != EventKind.INTRODUCED, b.kind() != EventKind.INTRODUCED);
    };
  }

  private static boolean isZero(Event e) {
    return e.kind() == EventKind.INTRODUCED && e.version().equals("0");
  }
}
