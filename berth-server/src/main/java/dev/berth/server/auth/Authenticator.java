package dev.berth.server.auth;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.access.Principal;
import dev.berth.server.identity.Account;
import dev.berth.server.identity.CredentialChecker;
import dev.berth.server.identity.IdentityService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns Basic credentials into a principal: throttled per user and address, failures recorded in the audit log.
 * A successful check is remembered for a minute (keyed by a hash of name and secret, tied to the account's
 * credential version), so the several token requests of one push cost one bcrypt, not several.
 */
final class Authenticator {
  private static final long REMEMBER_MS = 60_000;
  private static final int REMEMBER_MAX = 10_000;

  private record Remembered(long accountId, long credentialVersion, long untilMs) {}

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
   *     {@code UNAUTHORIZED} for wrong credentials or a disabled account
   */
  Principal authenticate(Basic credentials, String address) {
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
    Optional<Account> account = recall(key).or(() -> {
      Optional<Account> checked = checker.check(credentials.user(), credentials.secret());
      checked.ifPresent(a -> remember(key, a));
      return checked;
    });
    if (account.isEmpty()) {
      throttle.failed(user, address);
      checker.recordFailure(credentials.user(), address);
      throw new RegistryException(ErrorCode.UNAUTHORIZED, "invalid username or password");
    }
    throttle.succeeded(credentials.user(), verdict);
    Account a = account.get();
    return Principal.account(a.kind() == Account.Kind.ROBOT ? Principal.Kind.ROBOT : Principal.Kind.USER,
        a.name(), a.id(), a.superuser());
  }

  private Optional<Account> recall(String key) {
    Remembered r = remembered.get(key);
    if (r == null || r.untilMs() < clock.millis()) {
      return Optional.empty();
    }
    return identities.account(r.accountId())
        .filter(a -> a.enabled() && a.credentialVersion() == r.credentialVersion());
  }

  private void remember(String key, Account account) {
    if (remembered.size() > REMEMBER_MAX) {
      remembered.clear();
    }
    remembered.put(key, new Remembered(account.id(), account.credentialVersion(), clock.millis() + REMEMBER_MS));
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
