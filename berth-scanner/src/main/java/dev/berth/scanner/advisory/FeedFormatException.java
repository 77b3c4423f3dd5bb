package dev.berth.scanner.advisory;

import java.io.IOException;

/** A feed file is not what its kind promises; the message names the file and, where known, the record. */
public final class FeedFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public FeedFormatException(String message) {
    super(message);
  }

  public FeedFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
