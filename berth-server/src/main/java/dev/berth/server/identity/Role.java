package dev.berth.server.identity;

import java.util.Locale;

/** A role on one repository, as in Quay: read, write or admin. */
public enum Role {
  READ,
  WRITE,
  ADMIN;

  /** Parses {@code read}, {@code write} or {@code admin}. */
  public static Role parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IdentityException("role must be read, write or admin, not '" + s + "'");
    }
  }

  /** The stored and printed name. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
