package dev.berth.server.auth;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.access.Principal;
import dev.berth.server.identity.Account;
import dev.berth.server.identity.CredentialChecker;
import dev.berth.server.identity.CredentialChecker.SignIn;
import dev.berth.server.identity.IdentityService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns Basic credentials into a principal: throttled per user and address, failures recorded in the audit log.
 * A successful check is remembered for a minute (keyed by a hash of name and secret, tied to the account's
 * credential version and to the app-specific token used, which are read again on every recall), so the several
 * token requests of one push cost one bcrypt, not several, and a password change, disablement or token revocation
 * still takes effect at once.
 */
final class Authenticator {
  private static final long REMEMBER_MS = 60_000;
  private static final int REMEMBER_MAX = 10_000;

  private record Remembered(long accountId, long credentialVersion, OptionalLong appTokenId, long untilMs) {}

  private final CredentialChecker checker;
  private final IdentityService identities;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  Authenticator(CredentialChecker checker, IdentityService identities, LoginThrottle throttle, Clock clock) {
    this.checker = checker;
    this.identities = identities;
    this.throttle = throttle;
    this.clock = clock;
  }

  /** Decoded {@code Authorization: Basic} credentials. */
  record Basic(String user, char[] secret) {}

  /** Decodes a Basic header; empty when the header is absent or of another scheme. */
  static Optional<Basic> basic(Optional<String> header) {
    if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.get().substring(6).trim()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      return Optional.of(new Basic(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The principal the credentials belong to.
   *
   * @throws RegistryException {@code TOOMANYREQUESTS} (with {@code retryAfter}) while throttled,
   *     {@code UNAUTHORIZED} for wrong credentials, a disabled account or an expired or revoked app-specific token
   */
  SignedIn authenticate(Basic credentials, String address) {
    // Only passwords are counted per name. $app names no user: counting its failures per name would let anyone
    // lock every app-specific token out; a robot's name is public, and counting per name would let anyone lock a
    // CI robot out. Both kinds of token carry 256 random bits, so the per-address count is all the throttling
    // guessing them needs.
    Optional<String> user = Optional.of(credentials.user())
        .filter(u -> !u.equals(CredentialChecker.APP_TOKEN_USER) && u.indexOf('+') < 0);
    LoginThrottle.Verdict verdict = throttle.check(user, address);
    OptionalLong wait = verdict.retryAfterSeconds();
    if (wait.isPresent()) {
      throw new RegistryException(ErrorCode.TOOMANYREQUESTS, "too many failed sign-ins; try again later",
          Map.of("retryAfter", wait.getAsLong()));
    }
    String key = key(credentials);
    Optional<SignIn> signIn = recall(key).or(() -> {
      Optional<SignIn> checked = checker.signIn(credentials.user(), credentials.secret());
      checked.ifPresent(s -> remember(key, s));
      return checked;
    });
    if (signIn.isEmpty()) {
      throttle.failed(user, address);
      checker.recordFailure(credentials.user(), address);
      throw new RegistryException(ErrorCode.UNAUTHORIZED, "invalid username or password");
    }
    throttle.succeeded(credentials.user(), verdict);
    return signedIn(signIn.get());
  }

  /**
   * The sign-in a verified refresh token stands for, if it still stands: the account enabled at the credential
   * version the token carries, and the app-specific token it was issued for, if any, still the account's and
   * neither revoked nor expired.
   *
   * @throws RegistryException {@code UNAUTHORIZED} otherwise
   */
  SignedIn resume(TokenService.Refresh refresh) {
    return current(refresh.accountId(), refresh.credentialVersion(), refresh.appTokenId())
        .map(Authenticator::signedIn)
        .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "invalid refresh token"));
  }

  private static SignedIn signedIn(SignIn s) {
    Account a = s.account();
    Principal principal = Principal.account(a.kind() == Account.Kind.ROBOT ? Principal.Kind.ROBOT
        : Principal.Kind.USER, a.name(), a.id(), a.superuser());
    return new SignedIn(principal, a.credentialVersion(), s.appToken());
  }

  private Optional<SignIn> recall(String key) {
    Remembered r = remembered.get(key);
    if (r == null || r.untilMs() < clock.millis()) {
      return Optional.empty();
    }
    return current(r.accountId(), r.credentialVersion(), r.appTokenId());
  }

  /**
   * The sign-in again, if the account is still enabled at the same credential version and the app-specific token
   * it used, if any, is still the account's and neither revoked nor expired.
   */
  private Optional<SignIn> current(long accountId, long credentialVersion, OptionalLong appTokenId) {
    Optional<Account> account = identities.account(accountId)
        .filter(a -> a.enabled() && a.credentialVersion() == credentialVersion);
    if (account.isEmpty() || appTokenId.isEmpty()) {
      return account.map(a -> new SignIn(a, Optional.empty()));
    }
    Instant now = clock.instant();
    return identities.appToken(appTokenId.getAsLong())
        .filter(t -> t.accountId() == accountId && t.usableAt(now))
        .map(t -> new SignIn(account.get(), Optional.of(t)));
  }

  private void remember(String key, SignIn s) {
    if (remembered.size() > REMEMBER_MAX) {
      remembered.clear();
    }
    OptionalLong appTokenId = s.appToken().map(t -> OptionalLong.of(t.id())).orElse(OptionalLong.empty());
    remembered.put(key, new Remembered(s.account().id(), s.account().credentialVersion(), appTokenId,
        clock.millis() + REMEMBER_MS));
  }

  private static String key(Basic credentials) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(credentials.user().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(credentials.secret())));
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
