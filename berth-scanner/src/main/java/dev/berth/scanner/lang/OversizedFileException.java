package dev.berth.scanner.lang;

import java.io.IOException;

/**
 * A metadata file is larger than any real one of its kind, but within the {@link
 * dev.berth.scanner.layer.ScanLimits}: the finder skips it as malformed instead of failing the layer.
 */
final class OversizedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  OversizedFileException(long cap, String where) {
    super("metadata file larger than " + cap + " bytes, skipped: " + where);
  }
}
