package dev.berth.server.identity;

import dev.berth.server.db.Database;
import dev.berth.server.identity.GrantStore.AppTokenRow;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a username and secret the way Quay does: {@code $app} with an app-specific token, {@code owner+name}
 * with a robot token, anything else with a user's password. Disabled accounts and expired or revoked tokens never
 * pass.
 */
public final class CredentialChecker {
  /** The username that signs in with an app-specific token. */
  public static final String APP_TOKEN_USER = "$app";

  /**
   * A successful check.
   *
   * @param account who signed in
   * @param appToken the app-specific token used, when it was one: what this sign-in leads to (a refresh token)
   *     must end when that token expires or is revoked
   */
  public record SignIn(Account account, Optional<AppToken> appToken) {
    public SignIn {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(appToken, "appToken");
    }
  }

  private final Database db;
  private final IdentityStore accounts;
  private final GrantStore grants;
  private final Secrets secrets;
  private final Clock clock;
  // Checked against when the user does not exist, so that a miss costs as long as a wrong password. Made on
  // first need: administrative commands that never check a password do not pay a bcrypt for it.
  private volatile String dummyHash;

  CredentialChecker(Database db, IdentityStore accounts, GrantStore grants, Secrets secrets, Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.grants = grants;
    this.secrets = secrets;
    this.clock = clock;
  }

  /**
   * The account the credentials belong to, if they are right and the account may sign in.
   *
   * @param username a user name, a robot name ({@code owner+name}) or {@code $app}
   * @param secret the password or token; not kept
   */
  public Optional<Account> check(String username, char[] secret) {
    return signIn(username, secret).map(SignIn::account);
  }

  /**
   * As {@link #check}, also naming the app-specific token used when {@code username} is {@code $app}.
   *
   * @param username a user name, a robot name ({@code owner+name}) or {@code $app}
   * @param secret the password or token; not kept
   * @return empty for wrong credentials, a disabled account, or an expired or revoked app-specific token
   */
  public Optional<SignIn> signIn(String username, char[] secret) {
    if (username == null || secret == null || secret.length == 0 || username.length() > 300) {
      return Optional.empty();
    }
    if (username.equals(APP_TOKEN_USER)) {
      return appToken(new String(secret));
    }
    Optional<Account> account = username.indexOf('+') > 0 ? robot(username, new String(secret))
        : user(username, secret);
    return account.map(a -> new SignIn(a, Optional.empty()));
  }

  private Optional<Account> user(String username, char[] password) {
    Optional<Account> account = db.read(h -> accounts.account(h, username))
        .filter(a -> a.kind() == Account.Kind.USER);
    Optional<String> hash = account.flatMap(a -> db.read(h -> accounts.secretHash(h, a.id())));
    boolean ok = secrets.checkPassword(hash.orElseGet(this::dummyHash), password) && hash.isPresent();
    return ok ? account.filter(Account::enabled) : Optional.empty();
  }

  private Optional<Account> robot(String name, String token) {
    Optional<Account> robot = db.read(h -> accounts.account(h, name)).filter(a -> a.kind() == Account.Kind.ROBOT);
    Optional<String> hash = robot.flatMap(a -> db.read(h -> accounts.secretHash(h, a.id())));
    boolean ok = hash.isPresent() && Secrets.sameHash(hash.get(), Secrets.hashToken(token));
    return ok ? robot.filter(Account::enabled) : Optional.empty();
  }

  private Optional<SignIn> appToken(String token) {
    if (token.length() < 16) {
      return Optional.empty();
    }
    String hash = Secrets.hashToken(token);
    Instant now = clock.instant();
    for (AppTokenRow row : db.read(h -> grants.appTokens(h, token.substring(0, 8)))) {
      if (Secrets.sameHash(row.tokenHash(), hash) && row.token().usableAt(now)) {
        db.write(h -> {
          grants.touchAppToken(h, row.token().id(), now.toEpochMilli());
          return null;
        });
        return db.read(h -> accounts.account(h, row.token().accountId())).filter(Account::enabled)
            .map(a -> new SignIn(a, Optional.of(row.token())));
      }
    }
    return Optional.empty();
  }

  private String dummyHash() {
    String h = dummyHash;
    if (h == null) {
      h = secrets.hashPassword("no such user, no such password".toCharArray());
      dummyHash = h;
    }
    return h;
  }

  /** Records a failed sign-in in the audit log: the name tried and the address, never the secret. */
  public void recordFailure(String username, String ip) {
    String safeName = username == null ? null : username.length() > 64 ? username.substring(0, 64) : username;
    db.write(h -> {
      grants.audit(h, "login_failure", safeName, null, null, ip, null, clock.millis());
      return null;
    });
  }
}
