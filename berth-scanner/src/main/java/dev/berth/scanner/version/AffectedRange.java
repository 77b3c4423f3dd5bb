package dev.berth.scanner.version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Whether a version lies in an OSV range of type {@code ECOSYSTEM} or {@code SEMVER}, by the OSV schema's
 * evaluation algorithm (https://ossf.github.io/osv-schema/#evaluation). {@code GIT} ranges order commits,
 * not versions: callers skip them.
 *
 * <p>The events are sorted by the scheme ({@code introduced: "0"} first) and walked in order: an
 * {@code introduced} at or below the version makes it affected, a {@code fixed} at or below it or a
 * {@code last_affected} below it makes it unaffected again. Events at equal versions keep the order the
 * record gives them, so {@code [introduced 1, fixed 2, introduced 2, fixed 3]} covers 2 while
 * {@code [introduced 2, fixed 2]} covers nothing. With {@code limit} events, only versions below at least one
 * limit can be affected ({@code "*"} is no limit).
 *
 * <pre>{@code
 * boolean hit = AffectedRange.affected(VersionSchemes.dpkg(),
 *     List.of(RangeEvent.introduced("0"), RangeEvent.fixed("3.0.8-1")), "3.0.7-1"); // true
 * }</pre>
 */
public final class AffectedRange {
  private AffectedRange() {}

  /**
   * Whether {@code version} is affected according to one OSV range.
   *
   * @param scheme the ordering of the range's ecosystem (for {@code SEMVER} ranges, {@link
   *     VersionSchemes#semver()}, or {@link VersionSchemes#go()} for Go)
   * @param events the range's events, in the record's order; a range without {@code introduced} affects nothing
   * @param version the installed version
   * @throws InvalidVersionException if {@code version} or an event's version (other than
   *     {@code introduced: "0"} and a {@code limit} containing {@code *}) is not a version of {@code scheme}
   */
  public static boolean affected(VersionScheme scheme, List<RangeEvent> events, String version) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(version, "version");
    // Rejects an installed version the scheme cannot order even when no event needs a comparison.
    scheme.compare(version, version);
    if (!beforeLimits(scheme, events, version)) {
      return false;
    }
    List<RangeEvent> sorted = new ArrayList<>(events.size());
    for (RangeEvent e : events) {
      if (e.kind() != RangeEvent.Kind.LIMIT) {
        sorted.add(e);
      }
    }
    // List.sort is stable: events at equal versions keep the record's order.
    sorted.sort(order(scheme));
    boolean affected = false;
    for (RangeEvent e : sorted) {
      switch (e.kind()) {
        case INTRODUCED -> affected |= e.isIntroducedAtBeginning() || scheme.compare(version, e.version()) >= 0;
        case FIXED -> affected &= scheme.compare(version, e.version()) < 0;
        case LAST_AFFECTED -> affected &= scheme.compare(version, e.version()) <= 0;
        case LIMIT -> throw new AssertionError("limits were filtered out");
      }
    }
    return affected;
  }

  /**
   * Whether {@code version} is affected according to any of several OSV ranges of one package.
   *
   * @throws InvalidVersionException as {@link #affected(VersionScheme, List, String)}
   */
  public static boolean affectedByAny(VersionScheme scheme, List<List<RangeEvent>> ranges, String version) {
    for (List<RangeEvent> events : Objects.requireNonNull(ranges, "ranges")) {
      if (affected(scheme, events, version)) {
        return true;
      }
    }
    return false;
  }

  private static boolean beforeLimits(VersionScheme scheme, List<RangeEvent> events, String version) {
    boolean anyLimit = false;
    for (RangeEvent e : events) {
      if (e.kind() == RangeEvent.Kind.LIMIT) {
        anyLimit = true;
        if (e.version().contains("*") || scheme.compare(version, e.version()) < 0) {
          return true;
        }
      }
    }
    return !anyLimit;
  }

  private static Comparator<RangeEvent> order(VersionScheme scheme) {
    return (a, b) -> {
      boolean a0 = a.isIntroducedAtBeginning();
      boolean b0 = b.isIntroducedAtBeginning();
      if (a0 || b0) {
        return Boolean.compare(b0, a0);
      }
      return scheme.compare(a.version(), b.version());
    };
  }
}
