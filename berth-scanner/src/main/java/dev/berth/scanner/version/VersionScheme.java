package dev.berth.scanner.version;

import java.util.Comparator;

/**
 * A total order over the version strings of one packaging ecosystem, exact to that ecosystem's specification.
 *
 * <p>Implementations are pure and thread-safe.
 */
public interface VersionScheme extends Comparator<String> {

  /** The orderings Berth implements. */
  enum Kind {
    DPKG,
    APK,
    RPM,
    MAVEN,
    PEP440,
    SEMVER,
    GO
  }

  /** Which ordering this is. */
  Kind kind();

  /**
   * Compares two versions of this scheme.
   *
   * @return a negative number, zero or a positive number as {@code a} is older than, equal to or newer than
   *     {@code b}
   * @throws InvalidVersionException if either string is not a version of this scheme and the scheme has no
   *     defined order for it (schemes that order every string, such as rpm's, never throw)
   */
  @Override
  int compare(String a, String b);

  /**
   * Whether {@code s} is a well-formed version of this scheme.
   *
   * @return true when {@link #compare} accepts it
   */
  boolean isValid(String s);
}
