package dev.berth.server.access;

import java.util.Objects;

/**
 * Who is asking. Until authentication exists every caller is {@link #anonymous()}.
 *
 * @param name the account name; empty for anonymous callers
 */
public record Principal(String name) {
  private static final Principal ANONYMOUS = new Principal("");

  public Principal {
    Objects.requireNonNull(name, "name");
  }

  /** The caller who presented no credentials. */
  public static Principal anonymous() {
    return ANONYMOUS;
  }

  /** Whether this is the anonymous caller. */
  public boolean isAnonymous() {
    return name.isEmpty();
  }
}
