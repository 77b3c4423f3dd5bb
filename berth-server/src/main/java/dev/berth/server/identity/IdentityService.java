package dev.berth.server.identity;

import dev.berth.oci.RepositoryName;
import dev.berth.server.db.Database;
import dev.berth.server.identity.IdentityStore.NamespaceRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Users, organisations, teams, robots, app-specific tokens and repository permissions: the administration the
 * command line, the API and the UI share. Users, organisations and robots share one name space.
 */
public final class IdentityService {
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern ROBOT_SHORT = Pattern.compile("[a-z][a-z0-9_]{0,253}");
  private static final Pattern TEAM = Pattern.compile("[a-z][a-z0-9_]{0,254}");
  static final String OWNERS_TEAM = "owners";

  private final Database db;
  private final IdentityStore accounts;
  private final GrantStore grants;
  private final Secrets secrets;
  private final Clock clock;

  IdentityService(Database db, IdentityStore accounts, GrantStore grants, Secrets secrets, Clock clock) {
    this.db = db;
    this.accounts = accounts;
    this.grants = grants;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** A robot and its token; the token is shown once and only its hash is kept. */
  public record RobotToken(String name, String token) {}

  /**
   * Creates a user and its namespace.
   *
   * @throws IdentityException if the name is invalid or taken by a user, organisation or robot, or the password
   *     has fewer than 8 characters or more than {@link Secrets#MAX_PASSWORD_BYTES} bytes in UTF-8
   */
  public Account createUser(String name, Optional<String> email, char[] password, boolean superuser) {
    requireNamespaceName(name);
    requirePassword(password);
    String hash = secrets.hashPassword(password);
    long now = clock.millis();
    return db.write(h -> {
      long ns = claimNamespace(h, name, "user", now);
      long id = accounts.insertAccount(h, ns, Account.Kind.USER, name, email.orElse(null), hash, superuser, now);
      grants.audit(h, "user_create", name, name, null, null, null, now);
      return accounts.account(h, id).orElseThrow();
    });
  }

  /**
   * Replaces a user's password; refresh tokens issued before stop working.
   *
   * @throws IdentityException if there is no such user, or the password has fewer than 8 characters or more than
   *     {@link Secrets#MAX_PASSWORD_BYTES} bytes in UTF-8
   */
  public void setPassword(String name, char[] password) {
    requirePassword(password);
    String hash = secrets.hashPassword(password);
    db.write(h -> {
      Account a = requireAccount(h, name, Account.Kind.USER);
      accounts.setSecret(h, a.id(), hash);
      grants.audit(h, "user_change_password", name, name, null, null, null, clock.millis());
      return null;
    });
  }

  /** Enables or disables a user or robot; a disabled account cannot sign in and its tokens stop refreshing. */
  public void setEnabled(String name, boolean enabled) {
    db.write(h -> {
      Account a = accounts.account(h, name).orElseThrow(() -> new IdentityException("no account named " + name));
      accounts.setEnabled(h, a.id(), enabled);
      grants.audit(h, enabled ? "account_enable" : "account_disable", name, a.owner(), null, null, null,
          clock.millis());
      return null;
    });
  }

  /** Every user, by name. */
  public List<Account> users() {
    return db.read(h -> accounts.accounts(h, Account.Kind.USER));
  }

  /** Every robot, by name. */
  public List<Account> robots() {
    return db.read(h -> accounts.accounts(h, Account.Kind.ROBOT));
  }

  /** Whether any user exists yet (a fresh installation has none). */
  public boolean hasUsers() {
    return db.read(accounts::countUsers) > 0;
  }

  public Optional<Account> account(String name) {
    return db.read(h -> accounts.account(h, name));
  }

  public Optional<Account> account(long id) {
    return db.read(h -> accounts.account(h, id));
  }

  /** Creates an organisation owned by {@code owner}: an {@code owners} team with the admin role. */
  public void createOrganization(String name, String owner) {
    requireNamespaceName(name);
    long now = clock.millis();
    db.write(h -> {
      Account ownerAccount = requireAccount(h, owner, Account.Kind.USER);
      long ns = claimNamespace(h, name, "org", now);
      long team = grants.insertTeam(h, ns, OWNERS_TEAM, TeamRole.ADMIN, now);
      grants.addMember(h, team, ownerAccount.id());
      grants.audit(h, "org_create", owner, name, null, null, null, now);
      return null;
    });
  }

  /** Creates a team in an organisation. */
  public void createTeam(String organization, String team, TeamRole role) {
    if (!TEAM.matcher(team).matches()) {
      throw new IdentityException("invalid team name '" + team + "': lower-case letters, digits and _");
    }
    db.write(h -> {
      NamespaceRow org = requireOrganization(h, organization);
      if (grants.team(h, org.id(), team).isPresent()) {
        throw new IdentityException("team " + organization + "/" + team + " exists");
      }
      grants.insertTeam(h, org.id(), team, role, clock.millis());
      return null;
    });
  }

  /** Adds a user or robot to a team. */
  public void addTeamMember(String organization, String team, String member) {
    requireWithin(member, Optional.of(organization));
    db.write(h -> {
      NamespaceRow org = requireOrganization(h, organization);
      long teamId = grants.team(h, org.id(), team)
          .orElseThrow(() -> new IdentityException("no team " + organization + "/" + team));
      Account a = accounts.account(h, member).orElseThrow(() -> new IdentityException("no account named " + member));
      grants.addMember(h, teamId, a.id());
      return null;
    });
  }

  /** Creates robot {@code owner+name}; the token is returned once. */
  public RobotToken createRobot(String fullName) {
    int plus = fullName.indexOf('+');
    if (plus <= 0 || !ROBOT_SHORT.matcher(fullName.substring(plus + 1)).matches()) {
      throw new IdentityException("robot names are NAMESPACE+name, the name lower-case letters, digits and _");
    }
    String token = secrets.newToken();
    long now = clock.millis();
    db.write(h -> {
      NamespaceRow owner = accounts.namespace(h, fullName.substring(0, plus))
          .filter(n -> !n.kind().equals("implicit"))
          .orElseThrow(() -> new IdentityException("no user or organisation named " + fullName.substring(0, plus)));
      if (accounts.account(h, fullName).isPresent()) {
        throw new IdentityException("robot " + fullName + " exists");
      }
      accounts.insertAccount(h, owner.id(), Account.Kind.ROBOT, fullName, null, Secrets.hashToken(token), false,
          now);
      grants.audit(h, "robot_create", fullName, owner.name(), null, null, null, now);
      return null;
    });
    return new RobotToken(fullName, token);
  }

  /** Replaces a robot's token; the old one stops working at once. */
  public RobotToken regenerateRobotToken(String fullName) {
    String token = secrets.newToken();
    db.write(h -> {
      Account robot = requireAccount(h, fullName, Account.Kind.ROBOT);
      accounts.setSecret(h, robot.id(), Secrets.hashToken(token));
      return null;
    });
    return new RobotToken(fullName, token);
  }

  /** A new app-specific token: its record, and its secret, which is shown once and only its hash is kept. */
  public record CreatedAppToken(AppToken token, String secret) {}

  /**
   * Creates an app-specific token for a user.
   *
   * @param lifetime how long it works; forever when empty
   * @throws IdentityException if there is no such user or the lifetime is not positive
   */
  public CreatedAppToken createAppToken(String user, String title, Optional<Duration> lifetime) {
    if (lifetime.isPresent() && (lifetime.get().isNegative() || lifetime.get().isZero())) {
      throw new IdentityException("an app-specific token must live longer than zero days");
    }
    String secret = secrets.newToken();
    long now = clock.millis();
    AppToken token = db.write(h -> {
      Account a = requireAccount(h, user, Account.Kind.USER);
      long id = grants.insertAppToken(h, a.id(), title, secret.substring(0, 8), Secrets.hashToken(secret), now,
          lifetime.map(d -> now + d.toMillis()).orElse(null));
      grants.audit(h, "create_app_specific_token", user, user, null, null, "{\"app_specific_token_id\":" + id + "}",
          now);
      return grants.appToken(h, id).orElseThrow();
    });
    return new CreatedAppToken(token, secret);
  }

  /** The app-specific token with this id, revoked and expired ones included. */
  public Optional<AppToken> appToken(long id) {
    return db.read(h -> grants.appToken(h, id));
  }

  /**
   * A user's app-specific tokens, oldest first, revoked and expired ones included.
   *
   * @throws IdentityException if there is no such user
   */
  public List<AppToken> appTokens(String user) {
    return db.read(h -> grants.appTokensOf(h, requireAccount(h, user, Account.Kind.USER).id()));
  }

  /**
   * Revokes one of a user's app-specific tokens: it stops signing in at once, and the refresh tokens issued to it
   * (which carry its id) stop refreshing. The row stays (listed as revoked), so its id is never reused.
   *
   * @param idOrTitle the token's id (digits), or the title of exactly one of the user's unrevoked tokens
   * @return the token as revoked
   * @throws IdentityException if there is no such user or token, the title is ambiguous, or it is revoked already
   */
  public AppToken revokeAppToken(String user, String idOrTitle) {
    long now = clock.millis();
    return db.write(h -> {
      Account a = requireAccount(h, user, Account.Kind.USER);
      AppToken token = findAppToken(h, a, idOrTitle);
      if (!grants.revokeAppToken(h, token.id(), now)) {
        throw new IdentityException("app-specific token " + token.id() + " of " + user + " is already revoked");
      }
      grants.audit(h, "revoke_app_specific_token", user, user, null, null,
          "{\"app_specific_token_id\":" + token.id() + "}", now);
      return grants.appToken(h, token.id()).orElseThrow();
    });
  }

  private AppToken findAppToken(org.jdbi.v3.core.Handle h, Account user, String idOrTitle) {
    List<AppToken> tokens = grants.appTokensOf(h, user.id());
    if (!idOrTitle.isEmpty() && idOrTitle.length() < 19 && idOrTitle.chars().allMatch(c -> c >= '0' && c <= '9')) {
      long id = Long.parseLong(idOrTitle);
      return tokens.stream().filter(t -> t.id() == id).findFirst()
          .orElseThrow(() -> new IdentityException(user.name() + " has no app-specific token " + id));
    }
    List<AppToken> titled = tokens.stream().filter(t -> t.title().equals(idOrTitle) && t.revoked().isEmpty())
        .toList();
    if (titled.size() > 1) {
      throw new IdentityException(user.name() + " has " + titled.size() + " app-specific tokens titled '" + idOrTitle
          + "': revoke one by its id (berth user token list " + user.name() + ")");
    }
    return titled.stream().findFirst().orElseThrow(() -> new IdentityException(
        user.name() + " has no unrevoked app-specific token titled '" + idOrTitle + "'"));
  }

  /** Makes a repository public or private. */
  public void setVisibility(RepositoryName repository, boolean isPublic) {
    db.write(h -> {
      int n = h.createUpdate("UPDATE repository SET visibility = :v WHERE name = :name")
          .bind("v", isPublic ? "public" : "private")
          .bind("name", repository.value())
          .execute();
      if (n == 0) {
        throw new IdentityException("no repository named " + repository);
      }
      grants.audit(h, "change_repo_visibility", null, repository.namespace(), repository.value(), null,
          "{\"visibility\":\"" + (isPublic ? "public" : "private") + "\"}", clock.millis());
      return null;
    });
  }

  /**
   * Grants {@code role} on a repository to an entity: a user or robot by name, or a team as {@code org/team}.
   */
  public void grant(RepositoryName repository, String entity, Role role) {
    requireWithin(entity, repository.hasNamespace() ? Optional.of(repository.namespace()) : Optional.empty());
    db.write(h -> {
      long repoId = h.createQuery("SELECT id FROM repository WHERE name = :name")
          .bind("name", repository.value())
          .mapTo(Long.class)
          .findOne()
          .orElseThrow(() -> new IdentityException("no repository named " + repository));
      Entity e = entity(h, entity);
      grants.setPermission(h, repoId, e.accountId(), e.teamId(), role);
      return null;
    });
  }

  /** Adds a default permission of an organisation: granted on every repository later created in it. */
  public void addDefaultPermission(String organization, String entity, Role role) {
    requireWithin(entity, Optional.of(organization));
    db.write(h -> {
      NamespaceRow org = requireOrganization(h, organization);
      Entity e = entity(h, entity);
      grants.addDefaultPermission(h, org.id(), e.accountId(), e.teamId(), role);
      return null;
    });
  }

  private record Entity(Long accountId, Long teamId) {}

  /**
   * Quay's rule: a team ({@code org/team}) or a robot ({@code owner+name}) is given access only within the
   * namespace it belongs to; users may be given access anywhere.
   */
  private static void requireWithin(String entity, Optional<String> namespace) {
    int slash = entity.indexOf('/');
    int plus = entity.indexOf('+');
    Optional<String> owner = slash > 0 ? Optional.of(entity.substring(0, slash))
        : plus > 0 ? Optional.of(entity.substring(0, plus)) : Optional.empty();
    if (owner.isPresent() && !owner.equals(namespace)) {
      throw new IdentityException(entity + " belongs to " + owner.get() + " and can be given access only there, not in "
          + namespace.orElse("a repository without namespace"));
    }
  }

  private Entity entity(org.jdbi.v3.core.Handle h, String entity) {
    int slash = entity.indexOf('/');
    if (slash > 0) {
      NamespaceRow org = requireOrganization(h, entity.substring(0, slash));
      long team = grants.team(h, org.id(), entity.substring(slash + 1))
          .orElseThrow(() -> new IdentityException("no team " + entity));
      return new Entity(null, team);
    }
    Account a = accounts.account(h, entity).orElseThrow(() -> new IdentityException("no account named " + entity));
    return new Entity(a.id(), null);
  }

  private long claimNamespace(org.jdbi.v3.core.Handle h, String name, String kind, long now) {
    Optional<NamespaceRow> existing = accounts.namespace(h, name);
    if (existing.isPresent()) {
      // A namespace created implicitly by an unauthenticated push may be claimed once; any other is taken.
      if (!existing.get().kind().equals("implicit") || accounts.account(h, name).isPresent()) {
        throw new IdentityException("the name " + name + " is taken");
      }
      accounts.setNamespaceKind(h, existing.get().id(), kind);
      return existing.get().id();
    }
    return accounts.insertNamespace(h, name, kind, now);
  }

  private NamespaceRow requireOrganization(org.jdbi.v3.core.Handle h, String name) {
    return accounts.namespace(h, name).filter(n -> n.kind().equals("org"))
        .orElseThrow(() -> new IdentityException("no organisation named " + name));
  }

  private Account requireAccount(org.jdbi.v3.core.Handle h, String name, Account.Kind kind) {
    return accounts.account(h, name).filter(a -> a.kind() == kind)
        .orElseThrow(() -> new IdentityException("no " + kind.name().toLowerCase(Locale.ROOT) + " named " + name));
  }

  private static void requireNamespaceName(String name) {
    if (name == null || name.length() < 2 || name.length() > 255 || !NAMESPACE.matcher(name).matches()) {
      throw new IdentityException("invalid name '" + name
          + "': 2 to 255 lower-case letters and digits, separated by single . _ or -");
    }
  }

  private static void requirePassword(char[] password) {
    if (password == null || password.length < 8) {
      throw new IdentityException("passwords have at least 8 characters");
    }
    int bytes = Secrets.utf8Length(password);
    if (bytes < 0) {
      throw new IdentityException("passwords must be valid Unicode text");
    }
    if (bytes > Secrets.MAX_PASSWORD_BYTES) {
      // bcrypt ignores what follows, so a longer password would be silently cut short
      throw new IdentityException("passwords have at most " + Secrets.MAX_PASSWORD_BYTES
          + " bytes in UTF-8 (72 ASCII characters, fewer with accented or non-Latin letters)");
    }
  }
}
