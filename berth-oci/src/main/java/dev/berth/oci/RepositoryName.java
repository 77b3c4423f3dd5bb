package dev.berth.oci;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A repository name: slash-separated components of lower-case letters and digits joined by {@code .}, {@code _},
 * {@code __} or runs of {@code -}, at most 255 characters
 * (<a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">spec</a>).
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
  /** Many clients cap host plus name at 255 characters; the name alone is capped here. */
  public static final int MAX_LENGTH = 255;

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

  /**
   * @throws RegistryException {@code NAME_INVALID} when {@code value} is not a repository name
   */
  public RepositoryName {
    if (!isValid(value)) {
      throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name", Map.of("name", Tag.safe(value)));
    }
  }

  /** Parses a name; see the constructor for errors. */
  public static RepositoryName parse(String value) {
    return new RepositoryName(value);
  }

  /** Whether {@code value} is a valid repository name. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    int start = 0;
    while (true) {
      int slash = value.indexOf('/', start);
      String component = slash < 0 ? value.substring(start) : value.substring(start, slash);
      if (!COMPONENT.matcher(component).matches()) {
        return false;
      }
      if (slash < 0) {
        return true;
      }
      start = slash + 1;
    }
  }

  /** The first path component, which names the owning namespace when the name has more than one. */
  public String namespace() {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  /** Whether the name has more than one component ({@code namespace/repo}). */
  public boolean hasNamespace() {
    return value.indexOf('/') >= 0;
  }

  @Override
  public int compareTo(RepositoryName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
