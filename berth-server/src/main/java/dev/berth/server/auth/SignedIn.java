package dev.berth.server.auth;

import dev.berth.server.access.Principal;
import dev.berth.server.identity.AppToken;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a token request speaks for, with what a refresh token issued to it stays bound to.
 *
 * @param principal the caller
 * @param credentialVersion the account's credential version at sign-in (0 for anonymous callers): a password
 *     change, token regeneration or disablement moves it on
 * @param appToken the app-specific token the caller signed in with, if it did: revoking it, or its expiry, ends
 *     what it was used for
 */
record SignedIn(Principal principal, long credentialVersion, Optional<AppToken> appToken) {
  private static final SignedIn ANONYMOUS = new SignedIn(Principal.anonymous(), 0, Optional.empty());

  SignedIn {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(appToken, "appToken");
    if (appToken.isPresent() && appToken.get().accountId() != principal.accountId()) {
      throw new IllegalArgumentException("an app-specific token signs in as its own account only");
    }
  }

  static SignedIn anonymous() {
    return ANONYMOUS;
  }
}
