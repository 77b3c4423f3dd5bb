package dev.berth.server.auth;

import static dev.berth.server.testing.RegistryClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.RedisDatabase;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database and one Redis count failed sign-ins together (three within ten minutes
 * here): guesses spread over the nodes behind a load balancer are throttled as if they all reached one node, and
 * a success on one node clears the user's count on both. A third node on the same database without Redis counts
 * only what it sees, which is what the documentation says of nodes without Redis.
 */
class LoginThrottlingAcrossNodesTest {
  private static final Deque<AutoCloseable> resources = new ArrayDeque<>();
  static TestRegistry nodeA;
  static TestRegistry nodeB;
  static TestRegistry withoutRedis;
  static Accounts accounts;

  @BeforeAll
  static void start() throws Exception {
    Databases.Fresh database = Databases.create(Databases.Kind.POSTGRESQL, Path.of("unused"));
    resources.push(database);
    RedisDatabase redis = RedisDatabase.claim();
    resources.push(redis);
    Map<String, Object> shared = new HashMap<>(Map.of("AUTHENTICATION_TYPE", "Database", "DB_URI", database.dbUri(),
        "LOGIN_FAILURE_LIMIT", 3, "LOGIN_FAILURE_WINDOW_S", 600));
    withoutRedis = TestRegistry.start(shared);
    resources.push(withoutRedis);
    shared.putAll(redis.config());
    nodeA = TestRegistry.start(shared);
    resources.push(nodeA);
    nodeB = TestRegistry.start(shared);
    resources.push(nodeB);
    accounts = Accounts.onDatabase(database.dbUri());
    resources.push(accounts);
    accounts.user("amira");
    accounts.user("bodil");
    accounts.user("cosmo");
  }

  @AfterAll
  static void stop() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  /** A client of {@code node} whose connections come from {@code 127.0.0.<last>}. */
  static RegistryClient client(TestRegistry node, int last) throws Exception {
    HttpClient http = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + last))
        .connectTimeout(Duration.ofSeconds(10)).build();
    return new RegistryClient(node.base(), http);
  }

  static HttpResponse<String> signIn(RegistryClient client, String user, String secret) throws Exception {
    return client.tokenRequest(Optional.of(basic(user, secret)), "");
  }

  @Test
  void failuresForOneUser_spreadOverTwoNodes_throttleThatUser_onBoth() throws Exception {
    assertThat(signIn(client(nodeA, 21), "amira", "guess-1").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeB, 22), "amira", "guess-2").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeA, 23), "amira", "guess-3").statusCode()).isEqualTo(401);

    for (TestRegistry node : new TestRegistry[] {nodeA, nodeB}) {
      HttpResponse<String> right = signIn(client(node, 24), "amira", Accounts.password("amira"));
      assertThat(right.statusCode()).as("the right password, on either node, while throttled").isEqualTo(429);
      assertThat(right.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void failuresFromOneAddress_spreadOverTwoNodes_throttleThatAddress_onBoth() throws Exception {
    assertThat(signIn(client(nodeA, 31), "nobody-1", "spray").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeB, 31), "nobody-2", "spray").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeB, 31), "nobody-3", "spray").statusCode()).isEqualTo(401);

    assertThat(signIn(client(nodeA, 31), "bodil", Accounts.password("bodil")).statusCode()).isEqualTo(429);
    assertThat(signIn(client(nodeA, 32), "bodil", Accounts.password("bodil")).statusCode())
        .as("from another address").isEqualTo(200);
  }

  @Test
  void successOnOneNode_clearsTheUsersCount_onTheOther() throws Exception {
    assertThat(signIn(client(nodeA, 41), "cosmo", "wrong-1").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeB, 42), "cosmo", "wrong-2").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeA, 43), "cosmo", Accounts.password("cosmo")).statusCode()).isEqualTo(200);

    assertThat(signIn(client(nodeB, 44), "cosmo", "wrong-3").statusCode()).isEqualTo(401);
    assertThat(signIn(client(nodeB, 45), "cosmo", "wrong-4").statusCode()).as("two since the success, not four")
        .isEqualTo(401);
    assertThat(signIn(client(nodeB, 46), "cosmo", Accounts.password("cosmo")).statusCode()).isEqualTo(200);
  }

  @Test
  void aNodeWithoutRedis_countsOnlyTheFailuresItSaw() throws Exception {
    accounts.user("dagny");
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(client(nodeA, 51), "dagny", "guess-" + i).statusCode()).isEqualTo(401);
    }
    assertThat(signIn(client(nodeB, 52), "dagny", Accounts.password("dagny")).statusCode()).isEqualTo(429);
    assertThat(signIn(client(withoutRedis, 52), "dagny", Accounts.password("dagny")).statusCode())
        .as("the node without Redis never heard of the failures").isEqualTo(200);
  }
}
