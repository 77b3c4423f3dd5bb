package dev.berth.server.identity;

/** An administrative request that cannot be done: an unknown or existing name, a bad role. Safe to show. */
public final class IdentityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdentityException(String message) {
    super(message);
  }
}
