package dev.berth.server.auth;

import static dev.berth.server.testing.RegistryClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.TestRegistry;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer ({@code TRUSTED_PROXIES}: 127.0.0.2 and 10.0.0.0/8 here) failed sign-ins are counted per
 * client named in {@code X-Forwarded-For}, not per balancer, so one client's guesses do not lock out everyone else
 * behind it; a peer that is not trusted cannot escape throttling by sending the header; the audit log records the
 * client's address.
 */
class ForwardedClientAddressTest {
  static TestRegistry registry;
  static Accounts accounts;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "LOGIN_FAILURE_LIMIT", 3,
        "LOGIN_FAILURE_WINDOW_S", 600, "TRUSTED_PROXIES", List.of("127.0.0.2", "10.0.0.0/8")));
    accounts = Accounts.of(registry);
    accounts.user("fiona");
  }

  @AfterAll
  static void stop() throws Exception {
    accounts.close();
    registry.close();
  }

  /** A sign-in at /v2/auth from {@code 127.0.0.<peer>}, with {@code X-Forwarded-For} when given. */
  static HttpResponse<String> signIn(int peer, String forwardedFor, String user, String password) throws Exception {
    HttpClient http = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + peer))
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(registry.base().resolve("/v2/auth"))
        .header("Authorization", basic(user, password));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void oneClientsFailures_behindATrustedBalancer_throttleThatClient_only() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(2, "198.51.100.7", "nobody-" + i, "guess").statusCode()).isEqualTo(401);
    }

    assertThat(signIn(2, "198.51.100.7", "fiona", Accounts.password("fiona")).statusCode()).isEqualTo(429);
    assertThat(signIn(2, "198.51.100.8", "fiona", Accounts.password("fiona")).statusCode())
        .as("another client behind the same balancer").isEqualTo(200);
  }

  @Test
  void anUntrustedPeer_isTheClient_whateverItsHeaderClaims() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(3, "203.0.113." + i, "nobody-" + i, "guess").statusCode()).isEqualTo(401);
    }

    assertThat(signIn(3, "203.0.113.99", "fiona", Accounts.password("fiona")).statusCode()).isEqualTo(429);
  }

  @Test
  void theAuditLog_recordsTheClient_skippingTrustedHops_andIgnoringWhatAnUntrustedPeerClaims() throws Exception {
    assertThat(signIn(2, "192.0.2.50, 192.0.2.51, 10.9.8.7", "audit-a", "guess").statusCode()).isEqualTo(401);
    assertThat(signIn(2, "not-an-address, 10.1.1.1", "audit-b", "guess").statusCode()).isEqualTo(401);
    assertThat(signIn(4, "192.0.2.60", "audit-c", "guess").statusCode()).isEqualTo(401);
    assertThat(signIn(2, null, "audit-d", "guess").statusCode()).isEqualTo(401);

    List<Map<String, Object>> rows = accounts.rows("SELECT performer, ip FROM audit_log"
        + " WHERE kind = 'login_failure' AND performer LIKE 'audit-%' ORDER BY id");
    assertThat(rows).extracting(r -> r.get("performer") + "@" + r.get("ip")).containsExactly(
        "audit-a@192.0.2.51", // the nearest hop that is not a trusted proxy
        "audit-b@10.1.1.1", // garbage ends the walk: the trusted hop that wrote it is as far as is known
        "audit-c@127.0.0.4", // an untrusted peer
        "audit-d@127.0.0.2"); // a balancer that names no client
  }
}
