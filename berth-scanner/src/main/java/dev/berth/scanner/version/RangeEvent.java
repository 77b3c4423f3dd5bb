package dev.berth.scanner.version;

import java.util.Objects;

/**
 * One event of an OSV range (https://ossf.github.io/osv-schema/#affectedrangesevents-fields): the version
 * at which something changes.
 *
 * @param kind what happens at {@code version}
 * @param version the version, in the range's scheme; {@code "0"} for an {@link Kind#INTRODUCED} event means
 *     "before every version", a {@link Kind#LIMIT} containing {@code *} means "no limit"
 */
public record RangeEvent(Kind kind, String version) {

  /** The kinds of OSV range event. */
  public enum Kind {
    /** The first affected version (inclusive). */
    INTRODUCED,
    /** The first version no longer affected. */
    FIXED,
    /** The last affected version (inclusive). */
    LAST_AFFECTED,
    /** Versions at or above it are outside the range. */
    LIMIT
  }

  public RangeEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    if (version.isEmpty()) {
      throw new IllegalArgumentException("a range event needs a version");
    }
  }

  public static RangeEvent introduced(String version) {
    return new RangeEvent(Kind.INTRODUCED, version);
  }

  public static RangeEvent fixed(String version) {
    return new RangeEvent(Kind.FIXED, version);
  }

  public static RangeEvent lastAffected(String version) {
    return new RangeEvent(Kind.LAST_AFFECTED, version);
  }

  public static RangeEvent limit(String version) {
    return new RangeEvent(Kind.LIMIT, version);
  }

  /** Whether this is OSV's special {@code introduced: "0"}, before every version of any scheme. */
  boolean isIntroducedAtBeginning() {
    return kind == Kind.INTRODUCED && version.equals("0");
  }
}
