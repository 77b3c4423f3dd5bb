package dev.berth.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import dev.berth.server.identity.Account;
import dev.berth.server.identity.IdentityModule;
import dev.berth.server.identity.IdentityService;
import dev.berth.server.identity.Role;
import dev.berth.server.identity.TeamRole;
import dev.berth.server.testing.DatabaseContract;
import dev.berth.server.testing.Databases;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DatabaseAccessPolicy}'s decisions and its repository-creation rules on every database. */
abstract class AccessPolicyContract extends DatabaseContract {
  static final Set<Action> ALL = EnumSet.allOf(Action.class);
  static final Set<Action> PULL = EnumSet.of(Action.PULL);
  static final Set<Action> CREATE = EnumSet.of(Action.PULL, Action.PUSH);
  static final Set<Action> NONE = EnumSet.noneOf(Action.class);

  IdentityService identity;
  DatabaseAccessPolicy policy;
  DatabaseAccessPolicy closedToAnonymous;
  /** One user and one organisation for the whole class: bcrypt is slow. */
  Principal owner;
  Principal stranger;
  String org;

  AccessPolicyContract(Databases.Kind kind) {
    super(kind);
  }

  @BeforeAll
  void wire() {
    identity = IdentityModule.create(db, Clock.systemUTC(), Set.of()).service();
    policy = new DatabaseAccessPolicy(db, true);
    closedToAnonymous = new DatabaseAccessPolicy(db, false);
    owner = principal(user());
    stranger = principal(user());
    org = unique("org");
    identity.createOrganization(org, owner.name());
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  Account user() {
    return identity.createUser(unique("u"), Optional.empty(), "correct horse battery".toCharArray(), false);
  }

  static Principal principal(Account a) {
    return Principal.account(a.kind() == Account.Kind.ROBOT ? Principal.Kind.ROBOT : Principal.Kind.USER, a.name(),
        a.id(), a.superuser());
  }

  Principal robot(String namespace) {
    String name = namespace + "+" + unique("bot");
    identity.createRobot(name);
    return principal(identity.account(name).orElseThrow());
  }

  /** Creates the repository as a first push by {@code creator} does: row and creation hook in one transaction. */
  RepositoryName create(String namespace, Principal creator) {
    RepositoryName name = RepositoryName.parse(namespace + "/" + unique("r"));
    db.write(h -> {
      Long ns = h.createQuery("SELECT id FROM namespace WHERE name = :n").bind("n", namespace).mapTo(Long.class)
          .findOne().orElse(null);
      long id = h.createUpdate("""
              INSERT INTO repository (namespace_id, name, visibility, created_ms) VALUES (:ns, :n, 'private', 0)
              """).bind("ns", ns).bind("n", name.value()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      policy.created(h, id, name, creator);
      return null;
    });
    return name;
  }

  @Test
  void user_mayDoEverythingInItsOwnNamespace_andOthersNothing() {
    RepositoryName repo = create(owner.name(), owner);

    assertThat(policy.allowed(owner, repo)).isEqualTo(ALL);
    assertThat(policy.allowed(stranger, repo)).isEqualTo(NONE);
    assertThat(policy.allowed(Principal.anonymous(), repo)).isEqualTo(NONE);
  }

  @Test
  void newRepository_mayBeCreatedByTheNamespaceOwnerOnly() {
    RepositoryName absent = RepositoryName.parse(owner.name() + "/" + unique("new"));

    assertThat(policy.allowed(owner, absent)).isEqualTo(CREATE);
    assertThat(policy.allowed(stranger, absent)).isEqualTo(NONE);
    assertThat(policy.allowed(Principal.anonymous(), absent)).isEqualTo(NONE);
    assertThat(policy.allowed(owner, RepositoryName.parse(unique("nons")))).isEqualTo(NONE);
    assertThat(policy.allowed(owner, RepositoryName.parse(unique("ghost") + "/x"))).isEqualTo(NONE);
  }

  @Test
  void publicRepository_isPulledByAnyone_andByAnonymousOnlyWhenAllowed() {
    RepositoryName repo = create(owner.name(), owner);
    identity.setVisibility(repo, true);

    assertThat(policy.allowed(stranger, repo)).isEqualTo(PULL);
    assertThat(policy.allowed(Principal.anonymous(), repo)).isEqualTo(PULL);
    assertThat(closedToAnonymous.allowed(Principal.anonymous(), repo)).isEqualTo(NONE);
    assertThat(closedToAnonymous.allowed(stranger, repo)).isEqualTo(PULL);
  }

  @Test
  void grants_toAUser_giveReadOrEverything() {
    RepositoryName repo = create(owner.name(), owner);
    Principal reader = principal(user());

    identity.grant(repo, reader.name(), Role.READ);
    assertThat(policy.allowed(reader, repo)).isEqualTo(PULL);

    identity.grant(repo, reader.name(), Role.WRITE);
    assertThat(policy.allowed(reader, repo)).isEqualTo(ALL);
  }

  @Test
  void grants_toATeam_reachItsMembers_userOrRobot() {
    String team = unique("t").substring(0, 8);
    identity.createTeam(org, team, TeamRole.MEMBER);
    Principal robot = robot(org);
    identity.addTeamMember(org, team, robot.name());
    identity.addTeamMember(org, team, stranger.name());
    RepositoryName repo = create(org, owner);

    assertThat(policy.allowed(robot, repo)).isEqualTo(NONE);
    identity.grant(repo, org + "/" + team, Role.READ);

    assertThat(policy.allowed(robot, repo)).isEqualTo(PULL);
    assertThat(policy.allowed(stranger, repo)).isEqualTo(PULL);
  }

  @Test
  void organisationAdmins_doEverything_creatorsMayCreate_membersMayNot() {
    String creators = unique("c").substring(0, 8);
    String members = unique("m").substring(0, 8);
    identity.createTeam(org, creators, TeamRole.CREATOR);
    identity.createTeam(org, members, TeamRole.MEMBER);
    Principal creator = principal(user());
    Principal member = principal(user());
    identity.addTeamMember(org, creators, creator.name());
    identity.addTeamMember(org, members, member.name());
    RepositoryName absent = RepositoryName.parse(org + "/" + unique("new"));

    assertThat(policy.allowed(owner, absent)).isEqualTo(CREATE);
    assertThat(policy.allowed(creator, absent)).isEqualTo(CREATE);
    assertThat(policy.allowed(member, absent)).isEqualTo(NONE);

    RepositoryName made = create(org, creator);
    assertThat(policy.allowed(creator, made)).as("a creator who is not an admin gets admin on it").isEqualTo(ALL);
    assertThat(policy.allowed(owner, made)).isEqualTo(ALL);
    assertThat(policy.allowed(member, made)).isEqualTo(NONE);
  }

  @Test
  void defaultPermissions_areGrantedOnEveryNewRepositoryOfTheOrganisation() {
    String org2 = unique("dorg");
    identity.createOrganization(org2, owner.name());
    identity.createTeam(org2, "readers", TeamRole.MEMBER);
    identity.addTeamMember(org2, "readers", stranger.name());
    Principal deployer = robot(org2);
    identity.addDefaultPermission(org2, org2 + "/readers", Role.READ);
    identity.addDefaultPermission(org2, deployer.name(), Role.WRITE);
    RepositoryName before = create(org2, owner);
    RepositoryName other = create(org, owner);

    assertThat(policy.allowed(stranger, before)).isEqualTo(PULL);
    assertThat(policy.allowed(deployer, before)).isEqualTo(ALL);
    assertThat(policy.allowed(deployer, other)).isEqualTo(NONE);
  }

  @Test
  void repositoryWithoutNamespace_getsNoPermissionsOnCreation() {
    RepositoryName solo = RepositoryName.parse(unique("solo"));
    db.write(h -> {
      long id = h.createUpdate("""
              INSERT INTO repository (namespace_id, name, visibility, created_ms) VALUES (NULL, :n, 'private', 0)
              """).bind("n", solo.value()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      policy.created(h, id, solo, owner);
      return null;
    });

    assertThat(policy.allowed(owner, solo)).isEqualTo(NONE);
  }

  @Test
  void superusers_mayDoEverything_whereTheNamespaceExists() {
    RepositoryName repo = create(owner.name(), owner);
    Principal root = principal(identity.createUser(unique("root"), Optional.empty(),
        "correct horse battery".toCharArray(), true));

    assertThat(policy.allowed(root, repo)).isEqualTo(ALL);
    assertThat(policy.allowed(root, RepositoryName.parse(owner.name() + "/" + unique("new")))).isEqualTo(ALL);
    assertThat(policy.allowed(root, RepositoryName.parse(unique("nons") + "/x"))).isEqualTo(NONE);
  }

  @Test
  void tokenGrants_decideWithoutTheDatabase() {
    RepositoryName repo = create(owner.name(), owner);
    Principal ghost = Principal.account(Principal.Kind.USER, unique("ghost"), 999_999, true);

    assertThat(policy.allowed(owner.withGrants(java.util.Map.of(repo.value(), PULL)), repo)).isEqualTo(PULL);
    assertThat(policy.allowed(ghost.withGrants(java.util.Map.of(repo.value(), PULL)), repo)).isEqualTo(PULL);
  }

  @Test
  void disabledAccount_decidedLive_isAllowedNothing_evenAsSuperuser() {
    // Regression: a disabled account's unexpired token still listed the catalog, which is decided live.
    Account user = user();
    Principal p = principal(user);
    RepositoryName own = create(user.name(), p);
    RepositoryName pub = create(owner.name(), owner);
    identity.setVisibility(pub, true);
    Account boss = identity.createUser(unique("boss"), Optional.empty(), "correct horse battery".toCharArray(),
        true);
    Principal root = principal(boss);
    assertThat(policy.allowed(p, own)).isEqualTo(ALL);

    identity.setEnabled(user.name(), false);
    identity.setEnabled(boss.name(), false);

    assertThat(policy.allowed(p, own)).isEqualTo(NONE);
    assertThat(policy.allowed(p, pub)).isEqualTo(NONE);
    assertThat(policy.allowed(p, RepositoryName.parse(user.name() + "/" + unique("new")))).isEqualTo(NONE);
    assertThat(policy.allowed(root, own)).isEqualTo(NONE);
    identity.setEnabled(user.name(), true);
    assertThat(policy.allowed(p, own)).isEqualTo(ALL);
  }
}
