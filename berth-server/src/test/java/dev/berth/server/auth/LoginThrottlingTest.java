package dev.berth.server.auth;

import static dev.berth.server.testing.RegistryClient.basic;
import static dev.berth.server.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins are throttled per user name and per client address (three within ten minutes here): further
 * attempts get 429 {@code TOOMANYREQUESTS} with {@code Retry-After}, and every failure lands in the audit log
 * without the secret tried. Each test signs in from its own loopback addresses (127.0.0.x) as its own users, so
 * the counts of one test never reach another.
 */
class LoginThrottlingTest {
  static final int WINDOW_S = 600;

  static TestRegistry registry;
  static Accounts accounts;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "LOGIN_FAILURE_LIMIT", 3,
        "LOGIN_FAILURE_WINDOW_S", WINDOW_S));
    accounts = Accounts.of(registry);
    for (String u : List.of("ulla", "vera", "wanda", "xena", "yara")) {
      accounts.user(u);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    accounts.close();
    registry.close();
  }

  /** A client whose connections come from {@code 127.0.0.<last>}. */
  static RegistryClient from(int last) throws Exception {
    HttpClient http = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + last))
        .connectTimeout(Duration.ofSeconds(10)).build();
    return new RegistryClient(registry.base(), http);
  }

  static int signIn(RegistryClient client, String user, String secret) throws Exception {
    return client.tokenRequest(Optional.of(basic(user, secret)), "").statusCode();
  }

  static void assertThrottled(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
    assertThat(json(r.body()).at("/errors/0/code").asText()).isEqualTo("TOOMANYREQUESTS");
    assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
        assertThat(Long.parseLong(v)).isBetween(WINDOW_S - 60L, (long) WINDOW_S));
  }

  @Test
  void failuresForOneUser_throttleThatUser_fromAnyAddress() throws Exception {
    RegistryClient attacker = from(2);
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(attacker, "ulla", "guess-" + i)).isEqualTo(401);
    }

    RegistryClient elsewhere = from(3);
    assertThrottled(elsewhere.tokenRequest(Optional.of(basic("ulla", Accounts.password("ulla"))), ""));
    assertThrottled(elsewhere.oauth(Map.of("grant_type", "password", "username", "ulla",
        "password", Accounts.password("ulla"))));
    assertThat(signIn(elsewhere, "vera", Accounts.password("vera"))).as("other users are not throttled")
        .isEqualTo(200);
  }

  @Test
  void failuresFromOneAddress_throttleThatAddress_forAnyUser() throws Exception {
    RegistryClient sprayer = from(4);
    for (String user : List.of("nobody1", "nobody2", "nobody3")) {
      assertThat(signIn(sprayer, user, "spray-password")).isEqualTo(401);
    }

    assertThrottled(sprayer.tokenRequest(Optional.of(basic("xena", Accounts.password("xena"))), ""));
    HttpResponse<String> registryRequest = sprayer.send(HttpRequest.newBuilder(registry.base().resolve("/v2/"))
        .header("Authorization", basic("xena", Accounts.password("xena"))));
    assertThrottled(registryRequest);
    assertThat(signIn(from(5), "xena", Accounts.password("xena"))).as("from another address").isEqualTo(200);
  }

  @Test
  void success_resetsTheUsersCount() throws Exception {
    assertThat(signIn(from(6), "wanda", "wrong-1")).isEqualTo(401);
    assertThat(signIn(from(6), "wanda", "wrong-2")).isEqualTo(401);
    assertThat(signIn(from(7), "wanda", Accounts.password("wanda"))).isEqualTo(200);

    assertThat(signIn(from(8), "wanda", "wrong-3")).isEqualTo(401);
    assertThat(signIn(from(8), "wanda", "wrong-4")).as("two failures since the success, not four").isEqualTo(401);
    assertThat(signIn(from(9), "wanda", Accounts.password("wanda"))).isEqualTo(200);
  }

  @Test
  void failedAppTokenSignIns_doNotLockOutOtherUsersAppTokens() throws Exception {
    String yaras = accounts.appToken("yara", Optional.empty());
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(from(10 + i), "$app", "not-an-app-token-at-all-" + i)).isEqualTo(401);
    }

    assertThat(signIn(from(13), "$app", yaras)).as("yara's app token from a clean address").isEqualTo(200);
  }

  @Test
  void failedRobotSignIns_fromManyAddresses_doNotLockTheRobotOut() throws Exception {
    String token = accounts.robot("yara+ci");
    for (int i = 0; i < 6; i++) {
      assertThat(signIn(from(30 + i % 2), "yara+ci", "not-the-robot-token-" + i)).isEqualTo(401);
    }

    assertThat(signIn(from(35), "yara+ci", token)).as("the robot's own token from a clean address").isEqualTo(200);
    assertThrottled(from(30).tokenRequest(Optional.of(basic("yara+ci", token)), ""));
  }

  @Test
  void failures_areRecordedInTheAuditLog_withoutTheSecret() throws Exception {
    String robotToken = accounts.robot("vera+bot");
    List<String> secrets = List.of("audit-guess-password", "audit-robot-token-guess", "audit-app-token-guess-0123",
        robotToken.substring(0, 20));
    assertThat(signIn(from(20), "vera", secrets.get(0))).isEqualTo(401);
    assertThat(signIn(from(21), "vera+bot", secrets.get(1))).isEqualTo(401);
    assertThat(signIn(from(22), "$app", secrets.get(2))).isEqualTo(401);
    assertThat(signIn(from(23), "vera+bot", secrets.get(3))).isEqualTo(401);

    List<Map<String, Object>> rows = accounts.rows(
        "SELECT * FROM audit_log WHERE kind = 'login_failure' AND ip IN ('127.0.0.20', '127.0.0.21',"
            + " '127.0.0.22', '127.0.0.23') ORDER BY id");
    assertThat(rows).extracting(r -> r.get("performer") + "@" + r.get("ip")).containsExactly(
        "vera@127.0.0.20", "vera+bot@127.0.0.21", "$app@127.0.0.22", "vera+bot@127.0.0.23");
    for (Map<String, Object> row : rows) {
      assertThat(row.get("created_ms")).isNotNull();
      for (Object value : row.values()) {
        for (String secret : secrets) {
          assertThat(String.valueOf(value)).doesNotContain(secret);
        }
      }
    }
  }
}
