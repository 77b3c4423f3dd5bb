package dev.berth.oci;

import java.util.regex.Pattern;

/**
 * A tag: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}
 * (<a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">spec</a>).
 */
public record Tag(String value) implements Reference, Comparable<Tag> {
  private static final Pattern PATTERN = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /**
   * @throws RegistryException {@code TAG_INVALID} when {@code value} is not a tag
   */
  public Tag {
    if (value == null || value.length() > 128 || !PATTERN.matcher(value).matches()) {
      throw new RegistryException(ErrorCode.TAG_INVALID, "invalid tag", java.util.Map.of("tag", safe(value)));
    }
  }

  /** Parses a tag; see the constructor for errors. */
  public static Tag parse(String value) {
    return new Tag(value);
  }

  /** Whether {@code value} is a valid tag. */
  public static boolean isValid(String value) {
    return value != null && value.length() <= 128 && PATTERN.matcher(value).matches();
  }

  // Tags order "ASCIIbetically", as the spec's tag listing does.
  @Override
  public int compareTo(Tag o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }

  static String safe(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 256 ? s.substring(0, 256) + "…" : s;
  }
}
