package dev.berth.scanner.lang;

import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Bounded reads of small metadata files ({@code pom.properties}, {@code MANIFEST.MF}, {@code package.json}, …).
 *
 * <p>Each kind of file has a plausibility cap far above any real file of that kind. A file above the cap is
 * skipped as malformed; when {@link ScanLimits#maxFileBytes()} is the smaller bound, breaking it is a {@link
 * LimitExceededException} instead, as the limit promises.
 */
final class SmallFiles {
  private SmallFiles() {}

  /**
   * Wraps {@code in} so that reading past the effective cap throws: {@link LimitExceededException} naming
   * {@code maxFileBytes} when that limit is the binding one, {@link OversizedFileException} otherwise.
   */
  static InputStream capped(InputStream in, long plausibleCap, ScanLimits limits, String where) {
    long maxFileBytes = limits.maxFileBytes();
    if (maxFileBytes <= plausibleCap) {
      return new LimitedInputStream(
          in, maxFileBytes, () -> new LimitExceededException("maxFileBytes", maxFileBytes, where));
    }
    return new LimitedInputStream(in, plausibleCap, () -> new OversizedFileException(plausibleCap, where));
  }

  /**
   * Decides whether a declared size may be buffered.
   *
   * @return true when {@code size} is within both bounds, false when it is above the plausibility cap only
   * @throws LimitExceededException when {@code size} is above {@link ScanLimits#maxFileBytes()} and that limit is
   *     the binding one
   */
  static boolean fits(long size, long plausibleCap, ScanLimits limits, String where)
      throws LimitExceededException {
    if (size <= Math.min(plausibleCap, limits.maxFileBytes())) {
      return true;
    }
    if (limits.maxFileBytes() <= plausibleCap) {
      throw new LimitExceededException("maxFileBytes", limits.maxFileBytes(), where);
    }
    return false;
  }

  /**
   * Reads the whole of a small file.
   *
   * @return the bytes, or empty when the file is above the plausibility cap
   * @throws LimitExceededException when the file is above {@link ScanLimits#maxFileBytes()}
   */
  static Optional<byte[]> read(InputStream in, long plausibleCap, ScanLimits limits, String where)
      throws IOException {
    try {
      return Optional.of(capped(in, plausibleCap, limits, where).readAllBytes());
    } catch (OversizedFileException tooLarge) {
      return Optional.empty();
    }
  }
}
