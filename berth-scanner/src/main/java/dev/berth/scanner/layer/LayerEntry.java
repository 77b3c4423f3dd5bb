package dev.berth.scanner.layer;

import java.util.Objects;

/**
 * One regular file of a layer as a finder sees it, before its content is read.
 *
 * @param path the normalised path relative to the image root: no leading {@code /} or {@code ./}, no {@code .}
 *     or {@code ..} segments, {@code /} as separator
 * @param size the size in bytes the archive declares
 * @param mode the Unix permission bits ({@code 0755})
 */
public record LayerEntry(String path, long size, int mode) {
  public LayerEntry {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.startsWith("/")) {
      throw new IllegalArgumentException("layer entry path must be relative and non-empty: " + path);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size + " for " + path);
    }
  }

  /** Whether any execute bit is set. */
  public boolean executable() {
    return (mode & 0111) != 0;
  }

  /** The last path segment. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
