package dev.berth.server.identity;

import java.util.Locale;

/**
 * A team's role in its organisation, as in Quay: admin (everything in the organisation), creator (may create
 * repositories), member (only what is granted).
 */
public enum TeamRole {
  MEMBER,
  CREATOR,
  ADMIN;

  /** Parses {@code member}, {@code creator} or {@code admin}. */
  public static TeamRole parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IdentityException("team role must be member, creator or admin, not '" + s + "'");
    }
  }

  /** The stored and printed name. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
