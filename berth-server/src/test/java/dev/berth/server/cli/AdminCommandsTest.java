package dev.berth.server.cli;

import static dev.berth.server.cli.InitCommandTest.assertOneLineError;
import static dev.berth.server.testing.RegistryClient.actions;
import static dev.berth.server.testing.RegistryClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Cli;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The administrative commands against a running registry's database ({@code --data-dir}), each checked by what
 * the registry then does; and their errors, one clear line on stderr with a non-zero exit code.
 */
class AdminCommandsTest {
  static TestRegistry registry;
  static RegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "LOGIN_FAILURE_LIMIT", 1000));
    client = new RegistryClient(registry.base());
    createUser("owner", "owner-password-1");
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  static Cli.Result berth(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data-dir");
    all.add(registry.dataDir().toString());
    return Cli.runWithInput(stdin, all.toArray(String[]::new));
  }

  static Cli.Result ok(String stdin, String... args) {
    Cli.Result r = berth(stdin, args);
    assertThat(r.exitCode()).as("berth %s: %s", String.join(" ", args), r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  static void createUser(String name, String password) {
    ok(password + "\n", "user", "create", name, "--password-stdin");
  }

  static int signIn(String user, String secret) throws Exception {
    return client.tokenRequest(Optional.of(basic(user, secret)), "").statusCode();
  }

  @Test
  void userCreate_passwd_disable_enable() throws Exception {
    Cli.Result created = ok("first-password-1\n", "user", "create", "ursula", "--email", "u@example.com",
        "--password-stdin");
    assertThat(created.out()).contains("created user ursula");
    assertThat(signIn("ursula", "first-password-1")).isEqualTo(200);

    ok("second-password-2\n", "user", "passwd", "ursula", "--password-stdin");
    assertThat(signIn("ursula", "first-password-1")).isEqualTo(401);
    assertThat(signIn("ursula", "second-password-2")).isEqualTo(200);

    assertThat(ok("", "user", "disable", "ursula").out()).contains("disabled ursula");
    assertThat(signIn("ursula", "second-password-2")).isEqualTo(401);
    ok("", "user", "enable", "ursula");
    assertThat(signIn("ursula", "second-password-2")).isEqualTo(200);
  }

  @Test
  void userCreateAndPasswd_refusePasswordsOverSeventyTwoBytes_whichBcryptWouldCutShort() throws Exception {
    // Regression: bcrypt hashed the first 72 bytes only, so another password sharing them signed in as well.
    String bytes72 = "k".repeat(72);
    String bytes73 = bytes72 + "x";

    assertOneLineError(berth(bytes73 + "\n", "user", "create", "longpass", "--password-stdin"), "at most 72 bytes");
    assertThat(signIn("longpass", bytes73)).isEqualTo(401);
    assertOneLineError(berth("é".repeat(37) + "\n", "user", "create", "longpass", "--password-stdin"),
        "at most 72 bytes");

    createUser("longpass", bytes72);
    assertThat(signIn("longpass", bytes72)).isEqualTo(200);
    assertThat(signIn("longpass", bytes73)).as("a longer password sharing its 72 bytes").isEqualTo(401);

    assertOneLineError(berth(bytes73 + "\n", "user", "passwd", "longpass", "--password-stdin"), "at most 72 bytes");
    assertThat(signIn("longpass", bytes72)).as("the password is unchanged").isEqualTo(200);
  }

  @Test
  void userList_showsNamesEnablementSuperusersAndEmail() {
    ok("boss-password-1\n", "user", "create", "listed-boss", "--superuser", "--email", "boss@example.com",
        "--password-stdin");
    ok("quiet-password-1\n", "user", "create", "listed-quiet", "--password-stdin");
    ok("", "user", "disable", "listed-quiet");

    List<String> lines = ok("", "user", "list").out().lines().toList();

    assertThat(lines.getFirst()).containsSubsequence("NAME", "ENABLED", "SUPERUSER", "EMAIL");
    assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("listed-boss", "yes", "yes",
        "boss@example.com"));
    assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("listed-quiet", "no", "no"));
    assertThat(String.join("\n", lines)).doesNotContain("boss-password-1").doesNotContain("$2");
  }

  @Test
  void userToken_printsAnAppTokenOnce_thatSignsInAsDollarApp() throws Exception {
    createUser("tomas", "tomas-password-1");
    Cli.Result r = ok("", "user", "token", "tomas", "--title", "laptop", "--expires-days", "30");

    String token = r.lastLine();
    assertThat(r.out().split(token, -1)).hasSize(2);
    assertThat(RegistryClient.claims(client.token("$app", token)).getSubject()).isEqualTo("tomas");
  }

  @Test
  void userTokenListAndRevoke_byTheIdShownAtCreationOrByTitle_neverPrintSecrets() throws Exception {
    createUser("rhea", "rhea-password-1");
    Cli.Result ci = ok("", "user", "token", "create", "rhea", "--title", "ci", "--expires-days", "7");
    Cli.Result laptop = ok("", "user", "token", "rhea", "--title", "laptop");
    String ciToken = ci.lastLine();
    String laptopToken = laptop.lastLine();
    Matcher shown = Pattern.compile("app-specific token (\\d+) \\(ci\\) for rhea").matcher(ci.out());
    assertThat(shown.find()).as(ci.out()).isTrue();
    String ciId = shown.group(1);
    assertThat(signIn("$app", ciToken)).isEqualTo(200);
    assertThat(signIn("$app", laptopToken)).isEqualTo(200);

    Cli.Result listed = ok("", "user", "token", "list", "rhea");

    List<String> lines = listed.out().lines().toList();
    assertThat(lines.getFirst()).containsSubsequence("ID", "STATE", "CREATED", "EXPIRES", "LAST USED", "TITLE");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(ciId + " ").contains("active").endsWith(" ci"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("active", "never").endsWith(" laptop"));
    assertThat(listed.out()).doesNotContain(ciToken).doesNotContain(laptopToken);

    // Revocation takes effect at once, although both sign-ins above are remembered for a minute.
    assertThat(ok("", "user", "token", "revoke", "rhea", ciId).out())
        .contains("revoked app-specific token " + ciId + " (ci) of rhea");
    assertThat(signIn("$app", ciToken)).isEqualTo(401);
    assertThat(signIn("$app", laptopToken)).isEqualTo(200);
    ok("", "user", "token", "revoke", "rhea", "laptop");
    assertThat(signIn("$app", laptopToken)).isEqualTo(401);
    assertThat(ok("", "user", "token", "list", "rhea").out().lines().filter(l -> l.contains("revoked")))
        .hasSize(2);

    assertOneLineError(berth("", "user", "token", "revoke", "rhea", "laptop"), "no unrevoked app-specific token");
    assertOneLineError(berth("", "user", "token", "revoke", "rhea", ciId), "already revoked");
    assertOneLineError(berth("", "user", "token", "list", "nobody"), "no user named nobody");
  }

  @Test
  void userToken_withAnExpiryOfZeroOrFewerDays_isRefused_notPrintedExpired() {
    // Regression: --expires-days 0 or -1 printed a token that had expired before it was shown.
    for (String days : new String[] {"0", "-1"}) {
      Cli.Result r = berth("", "user", "token", "owner", "--expires-days", days);
      assertOneLineError(r, "longer than zero days");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void orgCreate_team_grantAndDefaultPermission() throws Exception {
    createUser("olive", "olive-password-1");
    createUser("devon", "devon-password-1");
    assertThat(ok("", "org", "create", "umbrella", "--owner", "olive").out())
        .contains("created organisation umbrella owned by olive");
    ok("", "team", "create", "umbrella", "devs", "--role", "member");
    ok("", "team", "add", "umbrella", "devs", "devon");
    ok("", "org", "default-permission", "umbrella", "umbrella/devs", "read");

    client.push("umbrella/app", "v1", client.token("olive", "olive-password-1", "repository:umbrella/app:push"));
    assertThat(actions(client.token("devon", "devon-password-1", "repository:umbrella/app:*"), "umbrella/app"))
        .as("default permission of the org").containsExactly("pull");

    ok("", "repo", "grant", "umbrella/app", "devon", "write");
    assertThat(actions(client.token("devon", "devon-password-1", "repository:umbrella/app:*"), "umbrella/app"))
        .containsExactly("pull", "push", "delete");
  }

  @Test
  void teamsAndRobots_areGivenAccessOnlyWithinTheirOwnNamespace() throws Exception {
    // Quay's rule; before, a team or robot of any namespace could be granted, given defaults or made a member.
    ok("", "org", "create", "alpha", "--owner", "owner");
    ok("", "org", "create", "beta", "--owner", "owner");
    ok("", "team", "create", "beta", "crew");
    ok("", "robot", "create", "beta+bot");
    ok("", "robot", "create", "owner+bot");
    String owner = client.token("owner", "owner-password-1", "repository:alpha/app:push", "repository:owner/mine:push");
    client.push("alpha/app", "v1", owner);
    client.push("owner/mine", "v1", owner);

    assertOneLineError(berth("", "repo", "grant", "alpha/app", "beta/crew", "read"), "belongs to beta");
    assertOneLineError(berth("", "repo", "grant", "alpha/app", "beta+bot", "read"), "belongs to beta");
    assertOneLineError(berth("", "repo", "grant", "alpha/app", "owner+bot", "write"), "belongs to owner");
    assertOneLineError(berth("", "repo", "grant", "owner/mine", "beta/crew", "read"), "belongs to beta");
    assertOneLineError(berth("", "org", "default-permission", "alpha", "beta/crew", "read"), "belongs to beta");
    assertOneLineError(berth("", "org", "default-permission", "alpha", "beta+bot", "read"), "belongs to beta");
    assertOneLineError(berth("", "team", "add", "alpha", "owners", "beta+bot"), "belongs to beta");

    ok("", "team", "add", "beta", "crew", "beta+bot");
    ok("", "org", "default-permission", "beta", "beta+bot", "read");
    ok("", "repo", "grant", "owner/mine", "owner+bot", "read");
    ok("", "repo", "grant", "alpha/app", "owner", "read");
  }

  @Test
  void teamWithCreatorRole_createsRepositories() throws Exception {
    createUser("carmen", "carmen-password-1");
    ok("", "org", "create", "initech", "--owner", "owner");
    ok("", "team", "create", "initech", "makers", "--role", "creator");
    ok("", "team", "add", "initech", "makers", "carmen");

    client.push("initech/new", "v1", client.token("carmen", "carmen-password-1", "repository:initech/new:push"));
  }

  @Test
  void robotCreate_andRegenerate_oldTokenStopsWorking() throws Exception {
    ok("", "org", "create", "hooli", "--owner", "owner");
    Cli.Result created = ok("", "robot", "create", "hooli+ci");
    assertThat(created.out()).contains("hooli+ci");
    String first = created.lastLine();
    client.push("hooli/app", "v1", client.token("owner", "owner-password-1", "repository:hooli/app:push"));
    ok("", "repo", "grant", "hooli/app", "hooli+ci", "read");
    assertThat(actions(client.token("hooli+ci", first, "repository:hooli/app:pull"), "hooli/app"))
        .containsExactly("pull");

    String second = ok("", "robot", "regenerate", "hooli+ci").lastLine();

    assertThat(second).isNotEqualTo(first);
    assertThat(signIn("hooli+ci", first)).isEqualTo(401);
    assertThat(signIn("hooli+ci", second)).isEqualTo(200);
  }

  @Test
  void repoVisibility_publicAndPrivate() throws Exception {
    client.push("owner/vis", "v1", client.token("owner", "owner-password-1", "repository:owner/vis:push"));
    assertThat(client.get("/v2/owner/vis/manifests/v1", null).statusCode()).isEqualTo(401);

    assertThat(ok("", "repo", "visibility", "owner/vis", "public").out()).contains("owner/vis is now public");
    assertThat(client.get("/v2/owner/vis/manifests/v1", null).statusCode()).isEqualTo(200);

    ok("", "repo", "visibility", "owner/vis", "private");
    assertThat(client.get("/v2/owner/vis/manifests/v1", null).statusCode()).isEqualTo(401);
  }

  @Test
  void errors_areOneClearLine_withNonZeroExit() {
    ok("", "org", "create", "errcorp", "--owner", "owner");
    ok("", "team", "create", "errcorp", "team1");
    assertOneLineError(berth("", "user", "passwd", "nobody", "--password-stdin"), "no password");
    assertOneLineError(berth("long-enough-pw\n", "user", "passwd", "nobody", "--password-stdin"),
        "no user named nobody");
    assertOneLineError(berth("", "user", "disable", "nobody"), "no account named nobody");
    assertOneLineError(berth("", "user", "token", "nobody"), "no user named nobody");
    assertOneLineError(berth("long-enough-pw\n", "user", "create", "owner", "--password-stdin"),
        "the name owner is taken");
    assertOneLineError(berth("long-enough-pw\n", "user", "create", "errcorp", "--password-stdin"),
        "the name errcorp is taken");
    assertOneLineError(berth("short\n", "user", "create", "weakling", "--password-stdin"), "at least 8");
    assertOneLineError(berth("long-enough-pw\n", "user", "create", "Bad_Name", "--password-stdin"),
        "invalid name");
    assertOneLineError(berth("", "user", "create", "nopassword"), "no password");
    assertOneLineError(berth("", "org", "create", "owner", "--owner", "owner"), "the name owner is taken");
    assertOneLineError(berth("", "org", "create", "ghostorg", "--owner", "ghost"), "no user named ghost");
    assertOneLineError(berth("", "team", "create", "errcorp", "bad", "--role", "boss"), "member, creator or admin");
    assertOneLineError(berth("", "team", "create", "errcorp", "team1"), "exists");
    assertOneLineError(berth("", "team", "create", "ghostorg", "t"), "no organisation named ghostorg");
    assertOneLineError(berth("", "team", "add", "errcorp", "team1", "ghost"), "no account named ghost");
    assertOneLineError(berth("", "team", "add", "errcorp", "noteam", "owner"), "no team errcorp/noteam");
    assertOneLineError(berth("", "org", "default-permission", "errcorp", "owner", "superpower"),
        "read, write or admin");
    assertOneLineError(berth("", "robot", "create", "ghostorg+ci"), "no user or organisation named ghostorg");
    assertOneLineError(berth("", "robot", "create", "errcorp+Bad"), "robot names");
    assertOneLineError(berth("", "robot", "create", "noplus"), "robot names");
    assertOneLineError(berth("", "robot", "regenerate", "errcorp+ghost"), "no robot named errcorp+ghost");
    assertOneLineError(berth("", "repo", "visibility", "owner/none", "public"), "no repository named owner/none");
    assertOneLineError(berth("", "repo", "visibility", "owner/none", "secret"), "public or private");
    assertOneLineError(berth("", "repo", "grant", "owner/none", "owner", "read"), "no repository named");
    ok("", "robot", "create", "errcorp+dup");
    assertOneLineError(berth("", "robot", "create", "errcorp+dup"), "exists");
  }

  @Test
  void errorsOnExistingRepositories_areOneClearLine() throws Exception {
    client.push("owner/granted", "v1", client.token("owner", "owner-password-1", "repository:owner/granted:push"));
    assertOneLineError(berth("", "repo", "grant", "owner/granted", "owner", "superpower"), "read, write or admin");
    assertOneLineError(berth("", "repo", "grant", "owner/granted", "ghost", "read"), "no account named ghost");
    assertOneLineError(berth("", "repo", "grant", "owner/granted", "ghostorg/team", "read"), "belongs to ghostorg");
    ok("", "org", "create", "grantcorp", "--owner", "owner");
    assertOneLineError(berth("", "org", "default-permission", "grantcorp", "grantcorp/ghost", "read"),
        "no team grantcorp/ghost");
    assertOneLineError(berth("", "org", "default-permission", "nocorp", "owner", "read"),
        "no organisation named nocorp");
    assertOneLineError(berth("", "repo", "grant", "NOT a name", "owner", "read"), "");
  }
}
