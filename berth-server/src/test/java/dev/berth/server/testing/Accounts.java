package dev.berth.server.testing;

import dev.berth.oci.RepositoryName;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.config.DatabaseUri;
import dev.berth.server.db.Database;
import dev.berth.server.identity.IdentityModule;
import dev.berth.server.identity.IdentityService;
import dev.berth.server.identity.Role;
import dev.berth.server.identity.TeamRole;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Users, organisations, teams, robots, tokens and grants in a test registry's database, made the way the
 * administrative commands make them ({@code ConfigOptions.open()}): the identity module over the data directory's
 * database, beside the running server. Also reads tables with plain SQL, for assertions on what is stored.
 */
public final class Accounts implements AutoCloseable {
  private final Map<String, Object> settings;
  private final Database db;
  private final IdentityService identities;

  private Accounts(Map<String, Object> settings, Database db, IdentityService identities) {
    this.settings = settings;
    this.db = db;
    this.identities = identities;
  }

  /** The accounts of {@code registry}'s database. */
  public static Accounts of(TestRegistry registry) {
    return in(registry.dataDir(), Clock.systemUTC());
  }

  /** The accounts of the database in {@code dataDir}, with {@code clock} for creation and expiry times. */
  public static Accounts in(Path dataDir, Clock clock) {
    return open(Map.of("DATA_DIR", dataDir.toString()), clock);
  }

  /** The accounts of the database at {@code dbUri} (as {@code DB_URI} names it), which several nodes may share. */
  public static Accounts onDatabase(String dbUri) {
    return open(Map.of("DB_URI", dbUri), Clock.systemUTC());
  }

  private static Accounts open(Map<String, Object> settings, Clock clock) {
    Map<String, Object> values = new HashMap<>(settings);
    values.put("AUTHENTICATION_TYPE", "Database");
    BerthConfig cfg = new ConfigLoader().load(Optional.empty(), Map.of(), values);
    Database db = Database.open(DatabaseUri.parse(cfg.dbUri()), 2);
    return new Accounts(settings, db, IdentityModule.create(db, clock, Set.of()).service());
  }

  /** The password every helper-made user gets: distinct per user and easy to look for in logs. */
  public static String password(String user) {
    return "pw-" + user + "-Kq7xZr2Lw";
  }

  public IdentityService service() {
    return identities;
  }

  /** Creates user {@code name} with {@link #password(String)}; returns the password. */
  public String user(String name) {
    identities.createUser(name, Optional.empty(), password(name).toCharArray(), false);
    return password(name);
  }

  /** Creates a user flagged as superuser. */
  public String superuser(String name) {
    identities.createUser(name, Optional.empty(), password(name).toCharArray(), true);
    return password(name);
  }

  /** Creates an organisation owned by {@code owner} (who lands in its {@code owners} admin team). */
  public void org(String name, String owner) {
    identities.createOrganization(name, owner);
  }

  /** Creates a team with {@code role} and adds {@code members} (users or robots). */
  public void team(String org, String team, TeamRole role, String... members) {
    identities.createTeam(org, team, role);
    for (String m : members) {
      identities.addTeamMember(org, team, m);
    }
  }

  /** Creates robot {@code owner+name}; returns its token. */
  public String robot(String fullName) {
    return identities.createRobot(fullName).token();
  }

  /** Creates an app-specific token for {@code user}, valid for {@code lifetime} (forever when empty). */
  public String appToken(String user, Optional<Duration> lifetime) {
    return identities.createAppToken(user, "test", lifetime).secret();
  }

  /** Creates an app-specific token for {@code user} that expired an hour ago. */
  public String expiredAppToken(String user) {
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
    try (Accounts then = open(settings, past)) {
      return then.appToken(user, Optional.of(Duration.ofHours(1)));
    }
  }

  /** Grants {@code role} on {@code repository} to a user, robot or {@code org/team}. */
  public void grant(String repository, String entity, Role role) {
    identities.grant(RepositoryName.parse(repository), entity, role);
  }

  /** Makes a repository public. */
  public void publish(String repository) {
    identities.setVisibility(RepositoryName.parse(repository), true);
  }

  /** Every row of a query, column name (lower case) to value. */
  public List<Map<String, Object>> rows(String sql) {
    return db.read(h -> h.createQuery(sql).mapToMap().list());
  }

  @Override
  public void close() {
    db.close();
  }
}
