package dev.berth.scanner.advisory;

import java.util.List;
import java.util.Objects;

/**
 * One OSV range: a timeline of events over the versions of one ordering.
 *
 * @param type which ordering the event versions are in
 * @param events the events in feed order (evaluation sorts them)
 * @see <a href="https://ossf.github.io/osv-schema/#affectedranges-field">OSV affected[].ranges</a>
 */
public record VersionRange(Type type, List<Event> events) {

  /** The range types Berth evaluates; {@code GIT} ranges are dropped by the reader. */
  public enum Type {
    /** Versions in the package ecosystem's own ordering. */
    ECOSYSTEM,
    /** Semantic versions (SemVer 2.0, no {@code v} prefix). */
    SEMVER
  }

  /** What an event says happens at its version. */
  public enum EventKind {
    INTRODUCED,
    FIXED,
    LAST_AFFECTED,
    LIMIT
  }

  /**
   * One event.
   *
   * @param kind what happens
   * @param version where; {@code "0"} for an {@code introduced} before every version, {@code "*"} for an
   *     infinite {@code limit}
   */
  public record Event(EventKind kind, String version) {
    public Event {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(version, "version");
      if (version.isBlank()) {
        throw new IllegalArgumentException("blank version in " + kind + " event");
      }
    }

    /** An {@code introduced} event; {@code "0"} for "before every version". */
    public static Event introduced(String version) {
      return new Event(EventKind.INTRODUCED, version);
    }

    /** A {@code fixed} event: the first version no longer affected. */
    public static Event fixed(String version) {
      return new Event(EventKind.FIXED, version);
    }

    /** A {@code last_affected} event: the last version still affected. */
    public static Event lastAffected(String version) {
      return new Event(EventKind.LAST_AFFECTED, version);
    }

    /** A {@code limit} event; {@code "*"} for infinity. */
    public static Event limit(String version) {
      return new Event(EventKind.LIMIT, version);
    }
  }

  public VersionRange {
    Objects.requireNonNull(type, "type");
    events = List.copyOf(events);
    if (events.stream().noneMatch(e -> e.kind() == EventKind.INTRODUCED)) {
      throw new IllegalArgumentException("a range needs at least one introduced event");
    }
  }

  /** A range of the given type and events. */
  public static VersionRange of(Type type, Event... events) {
    return new VersionRange(type, List.of(events));
  }
}
