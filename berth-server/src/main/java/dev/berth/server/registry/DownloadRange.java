package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.http.Exchange;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range of a blob download (RFC 9110 §14): {@code bytes=a-b}, {@code bytes=a-} or
 * {@code bytes=-n}. Several ranges, an {@code If-Range} that does not match, or a header in another unit are
 * answered with the whole blob, as the RFC allows; an unsatisfiable range with 416.
 */
record DownloadRange(long start, long end) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  long length() {
    return end - start + 1;
  }

  static Optional<DownloadRange> of(Exchange ex, Digest digest, long size) {
    Optional<String> header = ex.header("Range");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> ifRange = ex.header("If-Range");
    if (ifRange.isPresent() && !ifRange.get().equals("\"" + digest.value() + "\"")) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.get().trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    long start;
    long end;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0) {
        throw unsatisfiable(size);
      }
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
        return Optional.empty();
      }
    }
    if (start >= size) {
      throw unsatisfiable(size);
    }
    return Optional.of(new DownloadRange(start, end));
  }

  private static RegistryException unsatisfiable(long size) {
    return new RegistryException(ErrorCode.RANGE_INVALID, "requested range not satisfiable",
        Map.of("contentRange", "bytes */" + size));
  }
}
