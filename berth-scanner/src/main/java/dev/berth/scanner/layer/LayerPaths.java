package dev.berth.scanner.layer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Path rules shared by the walker and the image merge. All paths are relative, {@code /}-separated. */
public final class LayerPaths {
  /** The whiteout prefix of the OCI image spec (layer.md, "Whiteouts"). */
  public static final String WHITEOUT_PREFIX = ".wh.";
  /** The opaque-directory marker of the OCI image spec. */
  public static final String OPAQUE_MARKER = ".wh..wh..opq";
  /** Separates an archive from a file inside it in a package path ({@code app/x.jar!/META-INF/…}). */
  public static final String NESTED_SEPARATOR = "!/";

  private LayerPaths() {}

  /**
   * Normalises a tar member name: strips leading {@code /} and {@code ./}, drops empty and {@code .} segments,
   * resolves {@code ..} against earlier segments and drops a trailing {@code /}.
   *
   * @return the normalised path ({@code ""} for the root), or empty when a {@code ..} would climb above the
   *     root: such a name is hostile and must not be used at all
   */
  public static Optional<String> normalize(String raw) {
    if (isClean(raw)) {
      return Optional.of(raw);
    }
    Deque<String> segments = new ArrayDeque<>();
    int start = 0;
    int n = raw.length();
    while (start <= n) {
      int slash = raw.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      String segment = raw.substring(start, end);
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.removeLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.addLast(segment);
      }
      start = end + 1;
    }
    return Optional.of(String.join("/", segments));
  }

  /** Fast path: most names in real layers need no change. */
  private static boolean isClean(String raw) {
    int n = raw.length();
    if (n == 0 || raw.charAt(0) == '/' || raw.charAt(n - 1) == '/') {
      return false;
    }
    int segmentStart = 0;
    for (int i = 0; i <= n; i++) {
      if (i == n || raw.charAt(i) == '/') {
        int len = i - segmentStart;
        if (len == 0) {
          return false;
        }
        if (raw.charAt(segmentStart) == '.' && (len == 1 || (len == 2 && raw.charAt(segmentStart + 1) == '.'))) {
          return false;
        }
        segmentStart = i + 1;
      }
    }
    return true;
  }

  /** The directory part of a path; {@code ""} for a top-level name. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last segment of a path. */
  public static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The layer file a package path points into: the part before the first {@code !/}. */
  public static String outerFile(String packagePath) {
    int nested = packagePath.indexOf(NESTED_SEPARATOR);
    return nested < 0 ? packagePath : packagePath.substring(0, nested);
  }

  /** Whether {@code path} is {@code dir} itself or lies below it; the root {@code ""} contains everything. */
  public static boolean isAtOrBelow(String path, String dir) {
    if (dir.isEmpty()) {
      return true;
    }
    return path.equals(dir) || (path.startsWith(dir) && path.charAt(dir.length()) == '/');
  }

  /** Whether {@code path} lies strictly below {@code dir}. */
  public static boolean isBelow(String path, String dir) {
    if (dir.isEmpty()) {
      return !path.isEmpty();
    }
    return path.length() > dir.length() && path.startsWith(dir) && path.charAt(dir.length()) == '/';
  }
}
