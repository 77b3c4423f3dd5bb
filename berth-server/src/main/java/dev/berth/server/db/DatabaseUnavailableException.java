package dev.berth.server.db;

/** The metadata database cannot be reached or used; the message names it without credentials. */
public final class DatabaseUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
