package dev.berth.server.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An app-specific token as stored: never its secret, which is shown once at creation and kept only as a hash.
 *
 * @param id the token's id, shown at creation and by {@code berth user token list}; never reused
 * @param accountId the user it signs in as
 * @param title what its creator called it
 * @param created when it was created
 * @param expires when it stops working, if it expires
 * @param lastUsed when it last signed in, if ever
 * @param revoked when it was revoked, if it was
 */
public record AppToken(long id, long accountId, String title, Instant created, Optional<Instant> expires,
    Optional<Instant> lastUsed, Optional<Instant> revoked) {

  public AppToken {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(lastUsed, "lastUsed");
    Objects.requireNonNull(revoked, "revoked");
  }

  /** Whether it may sign in at {@code now}: not revoked and not expired. */
  public boolean usableAt(Instant now) {
    return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
  }
}
