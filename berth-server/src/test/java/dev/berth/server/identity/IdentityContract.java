package dev.berth.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.RepositoryName;
import dev.berth.server.testing.DatabaseContract;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identity on every database, through {@link IdentityService} and {@link CredentialChecker}: users, the name space
 * users, organisations and robots share, teams, grants, default permissions, robots and app tokens.
 */
abstract class IdentityContract extends DatabaseContract {
  static final char[] PASSWORD = "correct horse battery".toCharArray();

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final IdentityStore store = new IdentityStore(Set.of());
  IdentityService identity;
  CredentialChecker credentials;
  String listedSuperuser;

  IdentityContract(Databases.Kind kind) {
    super(kind);
  }

  @BeforeAll
  void wire() {
    listedSuperuser = unique("boss");
    IdentityModule module = IdentityModule.create(db, clock, Set.of(listedSuperuser));
    identity = module.service();
    credentials = module.credentials();
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  Account user(String name) {
    return identity.createUser(name, Optional.empty(), PASSWORD, false);
  }

  int count(String sql, Object id) {
    return db.<Integer>read(h -> h.createQuery(sql).bind("id", id).mapTo(Integer.class).one());
  }

  String one(String sql, Object id) {
    return db.<String>read(h -> h.createQuery(sql).bind("id", id).mapTo(String.class).one());
  }

  /** A repository row in a namespace, as a first push makes it. */
  RepositoryName repository(String namespace) {
    RepositoryName name = RepositoryName.parse(namespace + "/" + unique("r"));
    long ns = db.<Long>read(h -> h.createQuery("SELECT id FROM namespace WHERE name = :n").bind("n", namespace)
        .mapTo(Long.class).one());
    db.write(h -> h.createUpdate("""
            INSERT INTO repository (namespace_id, name, visibility, created_ms) VALUES (:ns, :n, 'private', 0)
            """).bind("ns", ns).bind("n", name.value()).execute());
    return name;
  }

  @Test
  void createUser_isFoundByNameAndId_withWhatWasGiven() {
    String name = unique("u");

    Account created = identity.createUser(name, Optional.of("Ann@Example.org"), PASSWORD, true);

    assertThat(identity.account(name)).contains(created);
    assertThat(identity.account(created.id())).contains(created);
    assertThat(created.kind()).isEqualTo(Account.Kind.USER);
    assertThat(created.email()).contains("Ann@Example.org");
    assertThat(created.superuser()).isTrue();
    assertThat(created.enabled()).isTrue();
    assertThat(identity.hasUsers()).isTrue();
    assertThat(count("SELECT COUNT(*) FROM audit_log WHERE kind = 'user_create' AND performer = :id", name))
        .isEqualTo(1);
  }

  @Test
  void users_areListedInByteOrder() {
    String p = unique("l");
    List<String> names = List.of(p + "-a", p + ".a", p + "0", p + "_a", p + "a");
    for (String n : List.of(names.get(4), names.get(2), names.get(0), names.get(3), names.get(1))) {
      user(n);
    }

    assertThat(identity.users()).extracting(Account::name).filteredOn(n -> n.startsWith(p))
        .containsExactlyElementsOf(names);
  }

  @Test
  void names_areSharedByUsersOrganisationsAndRobots() {
    String taken = unique("n");
    Account owner = user(taken);
    String org = unique("o");
    identity.createOrganization(org, owner.name());
    identity.createRobot(org + "+bot");

    assertThatThrownBy(() -> identity.createOrganization(taken, owner.name())).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> user(org)).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> user(taken)).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> identity.createRobot(org + "+bot")).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> identity.createRobot(unique("nobody") + "+bot"))
        .isInstanceOf(IdentityException.class);
    assertThat(count("SELECT COUNT(*) FROM namespace WHERE name = :id", taken)).isEqualTo(1);
  }

  @Test
  void implicitNamespace_ofAnAnonymousPush_isClaimedByTheUserOfThatName() {
    String name = unique("i");
    long ns = db.write(h -> store.insertNamespace(h, name, "implicit", 0));

    Account claimed = user(name);

    assertThat(claimed.namespaceId()).isEqualTo(ns);
    assertThat(one("SELECT kind FROM namespace WHERE id = :id", ns)).isEqualTo("user");
  }

  @Test
  void createUser_sameNameFromManyThreads_exactlyOneSucceeds() throws Exception {
    String name = unique("race");

    List<String> outcomes = concurrently(4, n -> {
      try {
        user(name);
        return "created";
      } catch (IdentityException e) {
        return "taken";
      }
    });

    assertThat(outcomes).containsOnlyOnce("created").containsOnly("created", "taken");
    assertThat(count("SELECT COUNT(*) FROM account WHERE name = :id", name)).isEqualTo(1);
  }

  @Test
  void password_isChecked_andReplacingItBumpsTheCredentialVersion() {
    String name = unique("p");
    Account a = user(name);

    assertThat(credentials.check(name, PASSWORD)).contains(a);
    assertThat(credentials.check(name, "wrong password".toCharArray())).isEmpty();
    identity.setPassword(name, "another password".toCharArray());

    assertThat(credentials.check(name, PASSWORD)).isEmpty();
    assertThat(credentials.check(name, "another password".toCharArray())).get()
        .extracting(Account::credentialVersion).isEqualTo(a.credentialVersion() + 1);
  }

  @Test
  void disabledAccount_cannotSignIn_untilEnabledAgain() {
    String name = unique("d");
    user(name);

    identity.setEnabled(name, false);
    assertThat(credentials.check(name, PASSWORD)).isEmpty();
    assertThat(identity.account(name)).get().extracting(Account::enabled).isEqualTo(false);

    identity.setEnabled(name, true);
    assertThat(credentials.check(name, PASSWORD)).isPresent();
  }

  @Test
  void superuser_byFlagOrBySuperUsersList() {
    String flagged = unique("s");
    Account a = user(flagged);
    Account listed = user(listedSuperuser);

    db.write(h -> {
      store.setSuperuser(h, a.id(), true);
      return null;
    });

    assertThat(identity.account(flagged)).get().extracting(Account::superuser).isEqualTo(true);
    assertThat(listed.superuser()).isTrue();
  }

  @Test
  void teams_areUniquePerOrganisation_andMembershipIsIdempotent() {
    Account owner = user(unique("t"));
    Account member = user(unique("m"));
    String org = unique("o");
    identity.createOrganization(org, owner.name());

    identity.createTeam(org, "readers", TeamRole.MEMBER);
    identity.addTeamMember(org, "readers", member.name());
    identity.addTeamMember(org, "readers", member.name());

    assertThatThrownBy(() -> identity.createTeam(org, "readers", TeamRole.ADMIN))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> identity.createTeam(owner.name(), "readers", TeamRole.MEMBER))
        .isInstanceOf(IdentityException.class);
    assertThat(count("SELECT COUNT(*) FROM team_member WHERE account_id = :id", member.id())).isEqualTo(1);
    assertThat(count("""
        SELECT COUNT(*) FROM team t JOIN team_member m ON m.team_id = t.id
        WHERE t.name = 'owners' AND t.role = 'admin' AND m.account_id = :id""", owner.id())).isEqualTo(1);
  }

  @Test
  void robots_signInWithTheirToken_untilItIsRegenerated() {
    Account owner = user(unique("r"));
    String robot = owner.name() + "+ci_bot";
    IdentityService.RobotToken first = identity.createRobot(robot);

    assertThat(credentials.check(robot, first.token().toCharArray())).get()
        .extracting(Account::kind, Account::name).containsExactly(Account.Kind.ROBOT, robot);
    assertThat(identity.robots()).extracting(Account::name).contains(robot);

    IdentityService.RobotToken second = identity.regenerateRobotToken(robot);

    assertThat(credentials.check(robot, first.token().toCharArray())).isEmpty();
    assertThat(credentials.check(robot, second.token().toCharArray())).isPresent();
  }

  @Test
  void appTokens_signInAsTheirUser_untilTheyExpire() {
    Account a = user(unique("a"));
    String expiring = identity.createAppToken(a.name(), "ci", Optional.of(Duration.ofHours(1))).secret();
    String lasting = identity.createAppToken(a.name(), "laptop", Optional.empty()).secret();

    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, expiring.toCharArray())).contains(a);
    assertThat(count("SELECT COUNT(*) FROM app_token WHERE account_id = :id AND last_used_ms IS NOT NULL", a.id()))
        .isEqualTo(1);
    String forged = expiring.substring(0, 8) + "x".repeat(expiring.length() - 8);
    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, forged.toCharArray())).isEmpty();

    clock.advance(Duration.ofHours(2));

    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, expiring.toCharArray())).isEmpty();
    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, lasting.toCharArray())).contains(a);
  }

  @Test
  void appTokens_areListedWithoutSecrets_withTheIdShownAtCreation() {
    Account a = user(unique("l"));
    IdentityService.CreatedAppToken ci = identity.createAppToken(a.name(), "ci", Optional.of(Duration.ofHours(1)));
    IdentityService.CreatedAppToken laptop = identity.createAppToken(a.name(), "laptop", Optional.empty());

    List<AppToken> listed = identity.appTokens(a.name());

    assertThat(listed).containsExactly(ci.token(), laptop.token());
    assertThat(listed.getFirst()).extracting(AppToken::title, AppToken::accountId, AppToken::created,
        AppToken::expires)
        .containsExactly("ci", a.id(), clock.instant(), Optional.of(clock.instant().plusSeconds(3600)));
    assertThat(listed.get(1).expires()).isEmpty();
    assertThat(listed.toString()).doesNotContain(ci.secret()).doesNotContain(laptop.secret());
    assertThat(identity.appToken(ci.token().id())).contains(ci.token());
    assertThatThrownBy(() -> identity.appTokens(unique("nobody"))).isInstanceOf(IdentityException.class);
  }

  @Test
  void revokedAppToken_stopsSigningIn_byIdOrByTitle_andIsStillListed() {
    Account a = user(unique("v"));
    IdentityService.CreatedAppToken first = identity.createAppToken(a.name(), "cli", Optional.empty());
    IdentityService.CreatedAppToken second = identity.createAppToken(a.name(), "cli", Optional.empty());
    IdentityService.CreatedAppToken laptop = identity.createAppToken(a.name(), "laptop", Optional.empty());
    Account other = user(unique("v"));

    assertThatThrownBy(() -> identity.revokeAppToken(a.name(), "cli")).isInstanceOf(IdentityException.class)
        .hasMessageContaining("2 app-specific tokens titled 'cli'");
    assertThatThrownBy(() -> identity.revokeAppToken(other.name(), String.valueOf(first.token().id())))
        .as("another user's token").isInstanceOf(IdentityException.class);

    AppToken revoked = identity.revokeAppToken(a.name(), String.valueOf(first.token().id()));

    assertThat(revoked.revoked()).contains(clock.instant());
    assertThat(revoked.usableAt(clock.instant())).isFalse();
    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, first.secret().toCharArray())).isEmpty();
    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, second.secret().toCharArray())).contains(a);
    assertThatThrownBy(() -> identity.revokeAppToken(a.name(), String.valueOf(first.token().id())))
        .isInstanceOf(IdentityException.class).hasMessageContaining("already revoked");

    assertThat(identity.revokeAppToken(a.name(), "cli").id()).as("the one unrevoked 'cli'")
        .isEqualTo(second.token().id());
    assertThat(identity.revokeAppToken(a.name(), "laptop").id()).isEqualTo(laptop.token().id());
    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, second.secret().toCharArray())).isEmpty();
    assertThat(credentials.check(CredentialChecker.APP_TOKEN_USER, laptop.secret().toCharArray())).isEmpty();
    assertThat(identity.appTokens(a.name())).extracting(AppToken::id).containsExactly(first.token().id(),
        second.token().id(), laptop.token().id());
    assertThatThrownBy(() -> identity.revokeAppToken(a.name(), "laptop")).isInstanceOf(IdentityException.class);
    assertThat(count("SELECT COUNT(*) FROM audit_log WHERE kind = 'revoke_app_specific_token' AND performer = :id",
        a.name())).isEqualTo(3);
  }

  @Test
  void signIn_namesTheAppTokenUsed_andNoneForPasswordsAndRobots() {
    Account a = user(unique("s"));
    IdentityService.CreatedAppToken t = identity.createAppToken(a.name(), "ci", Optional.empty());
    String robot = a.name() + "+bot";
    String robotToken = identity.createRobot(robot).token();

    assertThat(credentials.signIn(CredentialChecker.APP_TOKEN_USER, t.secret().toCharArray()))
        .hasValueSatisfying(s -> {
          assertThat(s.account()).isEqualTo(a);
          assertThat(s.appToken()).map(AppToken::id).contains(t.token().id());
        });
    assertThat(credentials.signIn(a.name(), PASSWORD)).hasValueSatisfying(s -> assertThat(s.appToken()).isEmpty());
    assertThat(credentials.signIn(robot, robotToken.toCharArray()))
        .hasValueSatisfying(s -> assertThat(s.appToken()).isEmpty());
  }

  @Test
  void grant_replacesTheRoleTheEntityHeld_forUsersAndTeams() {
    Account owner = user(unique("g"));
    Account other = user(unique("g"));
    String org = unique("o");
    identity.createOrganization(org, owner.name());
    identity.createTeam(org, "devs", TeamRole.MEMBER);
    RepositoryName repo = repository(org);
    String repoId = "SELECT id FROM repository WHERE name = :id";
    long id = db.<Long>read(h -> h.createQuery(repoId).bind("id", repo.value()).mapTo(Long.class).one());

    identity.grant(repo, other.name(), Role.READ);
    identity.grant(repo, other.name(), Role.WRITE);
    identity.grant(repo, org + "/devs", Role.ADMIN);

    assertThat(db.<List<String>>read(h -> h.createQuery("""
            SELECT role FROM repository_permission WHERE repository_id = :r ORDER BY role""")
        .bind("r", id).mapTo(String.class).list())).containsExactly("admin", "write");
    assertThatThrownBy(() -> identity.grant(RepositoryName.parse(org + "/missing"), other.name(), Role.READ))
        .isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> identity.grant(repo, unique("ghost"), Role.READ)).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> identity.grant(repo, org + "/ghosts", Role.READ)).isInstanceOf(IdentityException.class);
  }

  @Test
  void defaultPermissions_areRecordedForUsersAndTeams() {
    Account owner = user(unique("dp"));
    String org = unique("o");
    identity.createOrganization(org, owner.name());
    identity.createTeam(org, "readers", TeamRole.MEMBER);

    identity.addDefaultPermission(org, org + "/readers", Role.READ);
    identity.addDefaultPermission(org, owner.name(), Role.ADMIN);

    assertThat(db.<List<String>>read(h -> h.createQuery("""
            SELECT d.role FROM default_permission d JOIN namespace n ON n.id = d.organization_id
            WHERE n.name = :o ORDER BY d.role""").bind("o", org).mapTo(String.class).list()))
        .containsExactly("admin", "read");
    assertThatThrownBy(() -> identity.addDefaultPermission(owner.name(), owner.name(), Role.READ))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void setVisibility_changesAnExistingRepository_only() {
    Account owner = user(unique("v"));
    RepositoryName repo = repository(owner.name());

    identity.setVisibility(repo, true);

    assertThat(one("SELECT visibility FROM repository WHERE name = :id", repo.value())).isEqualTo("public");
    identity.setVisibility(repo, false);
    assertThat(one("SELECT visibility FROM repository WHERE name = :id", repo.value())).isEqualTo("private");
    assertThatThrownBy(() -> identity.setVisibility(RepositoryName.parse(owner.name() + "/nope"), true))
        .isInstanceOf(IdentityException.class);
  }

  @Test
  void failedSignIn_isAudited_withoutTheSecret() {
    String name = unique("f");

    credentials.recordFailure(name, "192.0.2.7");

    assertThat(one("SELECT ip FROM audit_log WHERE kind = 'login_failure' AND performer = :id", name))
        .isEqualTo("192.0.2.7");
  }
}
