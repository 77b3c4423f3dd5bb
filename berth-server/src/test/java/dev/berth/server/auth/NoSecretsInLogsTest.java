package dev.berth.server.auth;

import static dev.berth.server.testing.RegistryClient.basic;
import static dev.berth.server.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.testing.Cli;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Passwords, robot tokens, app-specific tokens, registry tokens and refresh tokens never reach the logs: every
 * event of every logger (the root at TRACE, the access log on) is captured while accounts are made with the
 * command line and used against the server, and searched for each secret.
 */
class NoSecretsInLogsTest {
  static TestRegistry registry;
  static RegistryClient client;
  static final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  static final List<Appender<ILoggingEvent>> consoleAppenders = new ArrayList<>();
  static Logger root;
  static Level rootLevel;

  @BeforeAll
  static void start() throws Exception {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    // Everything goes to the list; the console appenders are set aside so TRACE does not flood the test output.
    root.iteratorForAppenders().forEachRemaining(consoleAppenders::add);
    consoleAppenders.forEach(root::detachAppender);
    root.setLevel(Level.ALL);
    captured.start();
    root.addAppender(captured);
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "ACCESS_LOG", true,
        "LOGIN_FAILURE_LIMIT", 3));
    client = new RegistryClient(registry.base());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      registry.close();
    } finally {
      root.detachAppender(captured);
      root.setLevel(rootLevel);
      consoleAppenders.forEach(root::addAppender);
    }
  }

  @BeforeEach
  void clear() {
    synchronized (captured) {
      captured.list.clear();
    }
  }

  private static Cli.Result cli(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data-dir");
    all.add(registry.dataDir().toString());
    Cli.Result r = Cli.runWithInput(stdin, all.toArray(String[]::new));
    assertThat(r.exitCode()).as("berth %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  /** Everything an event carries that an appender could write. */
  private static String text(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
    if (e.getArgumentArray() != null) {
      for (Object a : e.getArgumentArray()) {
        b.append(' ').append(a);
      }
    }
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) {
        b.append(' ').append(kv.key).append('=').append(kv.value);
      }
    }
    e.getMDCPropertyMap().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return b.toString();
  }

  private static List<String> logged() {
    synchronized (captured) {
      return captured.list.stream().map(NoSecretsInLogsTest::text).toList();
    }
  }

  private static void assertNotLogged(List<String> secrets) {
    List<String> lines = logged();
    for (String secret : secrets) {
      assertThat(secret).hasSizeGreaterThanOrEqualTo(8);
      assertThat(lines).as("log lines containing a secret").noneMatch(l -> l.contains(secret));
    }
  }

  @Test
  void cliCommands_printTokensOnce_andLogNoSecret() {
    String password = "cli-password-Zu8Qp3Vm";
    String newPassword = "cli-new-password-Hd5Wn1Ke";
    cli(password + "\n", "user", "create", "carla", "--password-stdin");
    cli(newPassword + "\n", "user", "passwd", "carla", "--password-stdin");
    Cli.Result robot = cli("", "robot", "create", "carla+ci");
    Cli.Result regenerated = cli("", "robot", "regenerate", "carla+ci");
    Cli.Result app = cli("", "user", "token", "carla", "--expires-days", "3");

    List<String> tokens = List.of(robot.lastLine(), regenerated.lastLine(), app.lastLine());
    assertThat(tokens).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]{43}")).doesNotHaveDuplicates();
    for (Cli.Result r : List.of(robot, regenerated, app)) {
      assertThat(r.err()).isEmpty();
    }
    List<String> secrets = new ArrayList<>(tokens);
    secrets.add(password);
    secrets.add(newPassword);
    assertNotLogged(secrets);
  }

  @Test
  void signInsAndTokens_logNoSecret() throws Exception {
    String password = "pw-for-dana-Rt4Ly9Xc";
    cli(password + "\n", "user", "create", "dana", "--password-stdin");
    String robotToken = cli("", "robot", "create", "dana+ci").lastLine();
    String appToken = cli("", "user", "token", "dana").lastLine();
    clear();

    List<String> secrets = new ArrayList<>(List.of(password, robotToken, appToken));
    String token = client.token("dana", password, "repository:dana/app:pull,push");
    secrets.add(token);
    client.push("dana/app", "v1", token);
    secrets.add(client.token("dana+ci", robotToken, "repository:dana/app:pull"));
    secrets.add(client.token("$app", appToken, "repository:dana/app:pull"));
    HttpResponse<String> offline = client.oauth(Map.of("grant_type", "password", "username", "dana",
        "password", password, "access_type", "offline", "scope", "repository:dana/app:pull"));
    JsonNode body = json(offline.body());
    String refresh = body.get("refresh_token").asText();
    secrets.add(refresh);
    secrets.add(body.get("access_token").asText());
    HttpResponse<String> refreshed = client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refresh));
    secrets.add(json(refreshed.body()).get("token").asText());
    HttpResponse<String> basicOnRegistry = client.send(HttpRequest.newBuilder(
        registry.base().resolve("/v2/dana/app/tags/list")).header("Authorization", basic("dana", password)));
    assertThat(basicOnRegistry.statusCode()).isEqualTo(200);
    for (String wrong : List.of("wrong-password-1", "wrong-password-2", "wrong-password-3", "wrong-password-4")) {
      secrets.add(wrong);
      client.tokenRequest(Optional.of(basic("dana", wrong)), "");
    }
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assertThat(client.get("/v2/dana/app/manifests/v1", forged).statusCode()).isEqualTo(401);
    secrets.add(forged);

    assertThat(logged()).as("the access log is captured").anyMatch(l -> l.contains("/v2/auth"));
    assertNotLogged(secrets);
    List<String> signatures = secrets.stream().filter(s -> s.chars().filter(c -> c == '.').count() == 2)
        .map(s -> s.substring(s.lastIndexOf('.') + 1)).toList();
    assertNotLogged(signatures);
  }
}
