package dev.berth.server.storage;

import java.io.IOException;

/**
 * The blob store cannot be reached, or answered that it cannot serve now: a passing condition, which requests
 * report as 503 and retry, unlike a failure of one blob.
 */
public final class StorageUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
