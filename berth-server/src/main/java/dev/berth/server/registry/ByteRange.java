package dev.berth.server.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inclusive byte range {@code start-end}, as an upload's {@code Content-Range} gives it. Clients write it in
 * several ways ({@code 0-99}, {@code bytes 0-99/100}, {@code bytes=0-99}); all are accepted.
 */
record ByteRange(long start, long end) {
  private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?");

  ByteRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid range");
    }
  }

  long length() {
    return end - start + 1;
  }

  /** Parses a {@code Content-Range} value; empty when it is malformed. */
  static Optional<ByteRange> parseContentRange(String value) {
    Matcher m = CONTENT_RANGE.matcher(value.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    return end < start ? Optional.empty() : Optional.of(new ByteRange(start, end));
  }

  /** The {@code Range} header value reporting how many bytes an upload holds: {@code 0-<size-1>}, or {@code 0-0}. */
  static String uploadProgress(long size) {
    return "0-" + Math.max(0, size - 1);
  }
}
