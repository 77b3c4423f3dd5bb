package dev.berth.scanner.advisory;

import java.io.IOException;

/**
 * A bundle failed verification: a checksum does not match, the manifest is malformed or altered, or a file
 * is missing or unexpected. The message names the bundle and the file concerned.
 */
public final class InvalidBundleException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
