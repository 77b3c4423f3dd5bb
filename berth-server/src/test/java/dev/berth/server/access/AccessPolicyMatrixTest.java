package dev.berth.server.access;

import static dev.berth.server.testing.RegistryClient.actions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.identity.Role;
import dev.berth.server.identity.TeamRole;
import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Quay's access rules, as {@link DatabaseAccessPolicy} applies them, observed through what {@code /v2/auth} grants
 * for {@code repository:NAME:*} and through real pushes. Organisation {@code acme} is owned by oscar; adam is in
 * its admin team, cora in its creator team, mike in its member team; olga belongs nowhere.
 */
class AccessPolicyMatrixTest {
  static final List<String> ALL = List.of("pull", "push", "delete");
  static final List<String> PULL = List.of("pull");
  static final List<String> CREATE = List.of("pull", "push");

  static TestRegistry registry;
  static Accounts accounts;
  static RegistryClient client;
  static final Map<String, String> robots = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "SUPER_USERS", List.of("root"),
        "LOGIN_FAILURE_LIMIT", 1000));
    accounts = Accounts.of(registry);
    client = new RegistryClient(registry.base());
    for (String u : List.of("alice", "oscar", "adam", "cora", "mike", "olga", "rita", "walt", "ada", "root")) {
      accounts.user(u);
    }
    accounts.superuser("sam");
    accounts.org("acme", "oscar");
    accounts.team("acme", "admins", TeamRole.ADMIN, "adam");
    accounts.team("acme", "creators", TeamRole.CREATOR, "cora");
    accounts.team("acme", "members", TeamRole.MEMBER, "mike");
    for (String r : List.of("acme+builder", "acme+deployer", "acme+maker", "alice+ci")) {
      robots.put(r, accounts.robot(r));
    }
    accounts.team("acme", "deployers", TeamRole.MEMBER, "acme+deployer");
    accounts.service().addTeamMember("acme", "creators", "acme+maker");
    client.push("alice/app", "v1", token("alice", "repository:alice/app:push"));
    client.push("acme/base", "v1", token("oscar", "repository:acme/base:push"));
  }

  @AfterAll
  static void stop() throws Exception {
    accounts.close();
    registry.close();
  }

  static String token(String who, String... scopes) throws Exception {
    String secret = robots.containsKey(who) ? robots.get(who) : Accounts.password(who);
    return client.token(who, secret, scopes);
  }

  /** What {@code who} may do to {@code repository}: the token's answer to {@code *}. */
  static List<String> allowed(String who, String repository) throws Exception {
    return actions(token(who, "repository:" + repository + ":*"), repository);
  }

  static List<String> anonymous(String repository) throws Exception {
    return actions(client.anonymousToken("repository:" + repository + ":*"), repository);
  }

  static int push(String who, String repository) throws Exception {
    return client.tryPush(repository, "latest", token(who, "repository:" + repository + ":pull,push"))
        .last().statusCode();
  }

  static List<Map<String, Object>> permissions(String repository) {
    return accounts.rows("""
        SELECT a.name AS account, t.name AS team, p.role AS role FROM repository_permission p
        JOIN repository r ON r.id = p.repository_id
        LEFT JOIN account a ON a.id = p.account_id LEFT JOIN team t ON t.id = p.team_id
        WHERE r.name = '%s' ORDER BY a.name, t.name""".formatted(repository));
  }

  @Test
  void userAdministersItsOwnNamespace_andNobodyElseTouchesIt() throws Exception {
    assertThat(allowed("alice", "alice/app")).isEqualTo(ALL);
    assertThat(allowed("alice", "alice/notyet")).as("may create").isEqualTo(CREATE);
    assertThat(allowed("olga", "alice/app")).isEmpty();
    assertThat(allowed("olga", "alice/notyet")).isEmpty();
    assertThat(push("olga", "alice/intruder")).isEqualTo(403);
    assertThat(push("alice", "unclaimed/app")).as("no one may create in a namespace that does not exist")
        .isEqualTo(403);
    assertThat(permissions("alice/app")).as("an owner needs no permission row").isEmpty();
  }

  @Test
  void firstPush_createsAPrivateRepository() throws Exception {
    assertThat(push("alice", "alice/fresh")).isEqualTo(201);

    assertThat(accounts.rows("SELECT visibility FROM repository WHERE name = 'alice/fresh'"))
        .containsExactly(Map.of("visibility", "private"));
    assertThat(anonymous("alice/fresh")).isEmpty();
    assertThat(allowed("olga", "alice/fresh")).isEmpty();
  }

  @Test
  void orgOwnerAndAdminTeam_administerEveryRepositoryOfTheOrg() throws Exception {
    assertThat(allowed("oscar", "acme/base")).isEqualTo(ALL);
    assertThat(allowed("adam", "acme/base")).isEqualTo(ALL);
    assertThat(push("adam", "acme/byadam")).isEqualTo(201);
    assertThat(allowed("oscar", "acme/byadam")).isEqualTo(ALL);
    assertThat(permissions("acme/byadam")).as("an org admin creator gets no extra row").isEmpty();
  }

  @Test
  void creatorTeam_createsAndAdministersItsOwn_butCannotReadOthersPrivateRepositories() throws Exception {
    assertThat(allowed("cora", "acme/base")).isEmpty();
    assertThat(allowed("cora", "acme/notyet")).isEqualTo(CREATE);

    assertThat(push("cora", "acme/bycora")).isEqualTo(201);

    assertThat(allowed("cora", "acme/bycora")).isEqualTo(ALL);
    assertThat(permissions("acme/bycora")).containsExactly(permission("cora", null, "admin"));
    assertThat(allowed("mike", "acme/bycora")).isEmpty();
  }

  @Test
  void memberTeam_getsOnlyWhatIsGranted() throws Exception {
    assertThat(allowed("mike", "acme/base")).isEmpty();
    assertThat(allowed("mike", "acme/notyet")).isEmpty();
    assertThat(push("mike", "acme/bymike")).isEqualTo(403);

    client.push("acme/teamgrant", "v1", token("oscar", "repository:acme/teamgrant:push"));
    accounts.grant("acme/teamgrant", "acme/members", Role.READ);
    assertThat(allowed("mike", "acme/teamgrant")).isEqualTo(PULL);
    assertThat(push("mike", "acme/teamgrant")).isEqualTo(403);

    accounts.grant("acme/teamgrant", "acme/members", Role.WRITE);
    assertThat(allowed("mike", "acme/teamgrant")).isEqualTo(ALL);
    assertThat(push("mike", "acme/teamgrant")).isEqualTo(201);
    assertThat(permissions("acme/teamgrant")).as("a grant replaces the earlier one")
        .containsExactly(permission(null, "members", "write"));
  }

  @Test
  void explicitUserGrants_readWriteAdmin() throws Exception {
    client.push("acme/granted", "v1", token("oscar", "repository:acme/granted:push"));
    accounts.grant("acme/granted", "rita", Role.READ);
    accounts.grant("acme/granted", "walt", Role.WRITE);
    accounts.grant("acme/granted", "ada", Role.ADMIN);

    assertThat(allowed("rita", "acme/granted")).isEqualTo(PULL);
    assertThat(allowed("walt", "acme/granted")).isEqualTo(ALL);
    assertThat(allowed("ada", "acme/granted")).isEqualTo(ALL);
    assertThat(allowed("rita", "acme/base")).as("a grant is per repository").isEmpty();
    assertThat(push("walt", "acme/granted")).isEqualTo(201);
    assertThat(push("rita", "acme/granted")).isEqualTo(403);
    assertThat(client.request("DELETE", "/v2/acme/granted/manifests/latest",
        token("walt", "repository:acme/granted:delete")).statusCode()).isEqualTo(202);
  }

  @Test
  void robots_getOnlyWhatIsGrantedDirectlyOrThroughATeam() throws Exception {
    client.push("acme/robotic", "v1", token("oscar", "repository:acme/robotic:push"));
    assertThat(allowed("acme+builder", "acme/robotic")).as("owning org gives a robot nothing").isEmpty();
    assertThat(allowed("acme+deployer", "acme/robotic")).isEmpty();
    assertThat(push("acme+builder", "acme/robotnew")).isEqualTo(403);
    assertThat(allowed("alice+ci", "alice/app")).as("nor does its owning user").isEmpty();
    assertThat(push("alice+ci", "alice/cinew")).isEqualTo(403);

    accounts.grant("acme/robotic", "acme+builder", Role.WRITE);
    accounts.grant("acme/robotic", "acme/deployers", Role.READ);

    assertThat(allowed("acme+builder", "acme/robotic")).isEqualTo(ALL);
    assertThat(push("acme+builder", "acme/robotic")).isEqualTo(201);
    assertThat(allowed("acme+deployer", "acme/robotic")).isEqualTo(PULL);
    assertThat(allowed("acme+deployer", "acme/base")).isEmpty();
  }

  @Test
  void robotInCreatorTeam_createsAndAdministersWhatItCreates() throws Exception {
    assertThat(push("acme+maker", "acme/bymaker")).isEqualTo(201);
    assertThat(allowed("acme+maker", "acme/bymaker")).isEqualTo(ALL);
    assertThat(allowed("acme+maker", "acme/base")).isEmpty();
  }

  @Test
  void publicRepository_isPulledByAnyoneIncludingAnonymous_pushedByNoOutsider() throws Exception {
    client.push("acme/pub", "v1", token("oscar", "repository:acme/pub:push"));
    assertThat(anonymous("acme/pub")).isEmpty();
    accounts.publish("acme/pub");

    assertThat(anonymous("acme/pub")).isEqualTo(PULL);
    assertThat(allowed("olga", "acme/pub")).isEqualTo(PULL);
    assertThat(allowed("acme+builder", "acme/pub")).as("robots pull public repositories too").isEqualTo(PULL);
    assertThat(allowed("oscar", "acme/pub")).isEqualTo(ALL);
    assertThat(push("olga", "acme/pub")).isEqualTo(403);
    assertThat(client.get("/v2/acme/pub/manifests/v1", null).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutAnonymousAccess_publicRepositoriesNeedAnAccount() throws Exception {
    try (TestRegistry closed = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database",
        "FEATURE_ANONYMOUS_ACCESS", false));
        Accounts closedAccounts = Accounts.of(closed)) {
      RegistryClient c = new RegistryClient(closed.base());
      closedAccounts.user("alice");
      closedAccounts.user("olga");
      c.push("alice/pub", "v1", c.token("alice", Accounts.password("alice"), "repository:alice/pub:push"));
      closedAccounts.publish("alice/pub");

      assertThat(actions(c.anonymousToken("repository:alice/pub:pull"), "alice/pub")).isEmpty();
      assertThat(c.get("/v2/alice/pub/manifests/v1", null).statusCode()).isEqualTo(401);
      assertThat(actions(c.token("olga", Accounts.password("olga"), "repository:alice/pub:pull"), "alice/pub"))
          .isEqualTo(PULL);
    }
  }

  @Test
  void defaultPermissions_ofAnOrg_areGrantedOnItsNewRepositories() throws Exception {
    accounts.org("globex", "oscar");
    accounts.team("globex", "readers", TeamRole.MEMBER, "mike");
    accounts.team("globex", "makers", TeamRole.CREATOR, "cora");
    String bot = "globex+bot";
    robots.put(bot, accounts.robot(bot));
    accounts.service().addDefaultPermission("globex", "globex/readers", Role.READ);
    accounts.service().addDefaultPermission("globex", "rita", Role.WRITE);
    accounts.service().addDefaultPermission("globex", bot, Role.READ);

    assertThat(push("cora", "globex/made")).isEqualTo(201);

    assertThat(allowed("mike", "globex/made")).isEqualTo(PULL);
    assertThat(allowed("rita", "globex/made")).isEqualTo(ALL);
    assertThat(allowed(bot, "globex/made")).isEqualTo(PULL);
    assertThat(allowed("cora", "globex/made")).isEqualTo(ALL);
    assertThat(permissions("globex/made")).containsExactlyInAnyOrder(permission("cora", null, "admin"),
        permission("rita", null, "write"), permission(bot, null, "read"), permission(null, "readers", "read"));
    assertThat(allowed("mike", "acme/base")).as("another org's defaults do not leak").isEmpty();
  }

  @Test
  void superusers_mayDoEverything_listedOrFlagged() throws Exception {
    for (String su : List.of("root", "sam")) {
      assertThat(allowed(su, "alice/app")).as(su).isEqualTo(ALL);
      assertThat(allowed(su, "acme/base")).as(su).isEqualTo(ALL);
      assertThat(allowed(su, "acme/notyet")).as(su).isEqualTo(ALL);
    }
    assertThat(push("root", "alice/fromroot")).isEqualTo(201);
    assertThat(allowed("alice", "alice/fromroot")).as("the namespace owner still owns it").isEqualTo(ALL);
  }

  @Test
  void superusers_cannotPushIntoANamespaceNobodyCreated_soANewUserOfThatNameInheritsNothing() throws Exception {
    assertThat(allowed("root", "ghost/img")).isEmpty();
    assertThat(push("root", "ghost/img")).isEqualTo(403);

    accounts.user("ghost");
    assertThat(push("ghost", "ghost/own")).isEqualTo(201);
    assertThat(accounts.rows("SELECT name FROM repository WHERE name LIKE 'ghost/%'"))
        .extracting(r -> r.get("name")).containsExactly("ghost/own");
    assertThat(push("root", "ghost/fromroot")).as("once the namespace exists").isEqualTo(201);
  }

  @Test
  void singleComponentNames_areCreatedOnlyBySuperusers_andFollowVisibility() throws Exception {
    assertThat(allowed("alice", "toplevel")).isEmpty();
    assertThat(push("alice", "toplevel")).isEqualTo(403);

    assertThat(push("root", "solo")).isEqualTo(201);
    assertThat(allowed("alice", "solo")).isEmpty();
    assertThat(anonymous("solo")).isEmpty();

    accounts.publish("solo");
    assertThat(allowed("alice", "solo")).isEqualTo(PULL);
    assertThat(anonymous("solo")).isEqualTo(PULL);
  }

  private static Map<String, Object> permission(String account, String team, String role) {
    Map<String, Object> m = new java.util.HashMap<>();
    m.put("account", account);
    m.put("team", team);
    m.put("role", role);
    return m;
  }
}
