package dev.berth.scanner.rpm;

import java.io.IOException;

/**
 * An rpm database or header that is not well formed: wrong magic, truncated, inconsistent, or beyond a sanity
 * bound. The message says what was wrong and where.
 */
final class RpmFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  RpmFormatException(String message) {
    super(message);
  }

  RpmFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
