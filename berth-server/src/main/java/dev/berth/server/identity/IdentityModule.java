package dev.berth.server.identity;

import dev.berth.server.db.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/** The identity feature's public door. */
public final class IdentityModule {
  private final IdentityService service;
  private final CredentialChecker credentials;

  private IdentityModule(IdentityService service, CredentialChecker credentials) {
    this.service = service;
    this.credentials = credentials;
  }

  /**
   * Wires the identity feature.
   *
   * @param superUsers user names listed in {@code SUPER_USERS}: superusers whatever their flag says
   */
  public static IdentityModule create(Database db, Clock clock, Set<String> superUsers) {
    IdentityStore accounts = new IdentityStore(superUsers);
    GrantStore grants = new GrantStore();
    Secrets secrets = new Secrets(new SecureRandom());
    return new IdentityModule(new IdentityService(db, accounts, grants, secrets, clock),
        new CredentialChecker(db, accounts, grants, secrets, clock));
  }

  public IdentityService service() {
    return service;
  }

  public CredentialChecker credentials() {
    return credentials;
  }
}
