package dev.berth.server.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.testing.PrometheusText;
import dev.berth.server.testing.RedisDatabase;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TcpProxy;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node configured with Redis that loses it: the node reaches Redis through a {@link TcpProxy} the test cuts
 * (the machine's Redis keeps running for everyone else). Pushes and pulls go on without the cache, health says
 * {@code "redis": false} with status 200, and once Redis answers again the node uses it again.
 */
class RedisOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPO = "outage/app";
  static RedisDatabase redis;

  private TcpProxy proxy;

  @BeforeAll
  static void claim() {
    redis = RedisDatabase.claim();
  }

  @AfterAll
  static void release() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  private TestRegistry startNode() throws Exception {
    return TestRegistry.start(redis.config(proxy.host(), proxy.port()));
  }

  @Test
  void redisRefusingConnections_pushesAndPullsGoOn_healthSaysSo_andTheCacheComesBack() throws Exception {
    try (TestRegistry node = startNode()) {
      NodeClient client = new NodeClient(node.base());
      outageAndRecovery(client, () -> proxy.refuse());
    }
  }

  @Test
  void redisDroppingPackets_pushesAndPullsGoOn_healthSaysSo_andTheCacheComesBack() throws Exception {
    try (TestRegistry node = startNode()) {
      NodeClient client = new NodeClient(node.base());
      outageAndRecovery(client, () -> proxy.blackhole());
    }
  }

  private void outageAndRecovery(NodeClient client, Cut cut) throws Exception {
    NodeClient.Image before = client.pushImage("outage/app", "v1", 1, 50_000);
    assertHealth(client, true);
    readTwice(client, REPO, "v1", before);
    assertThat(cacheHits(client)).as("Redis up: repeated reads come from the cache").isPositive();

    cut.apply();
    long started = System.nanoTime();
    assertHealth(client, false);
    double hitsDuringOutage = cacheHits(client);
    NodeClient.Image during = client.pushImage("outage/app", "v2", 2, 60_000);
    client.assertPulls("outage/app", "v2", during);
    client.assertPulls("outage/app", "v1", before);
    HttpResponse<String> move = client.putManifest("outage/app", "v1", during.manifest());
    assertThat(move.statusCode()).as(move.body()).isEqualTo(201);
    readTwice(client, REPO, "v1", during);
    assertThat(cacheHits(client)).as("Redis down: nothing is answered from the cache").isEqualTo(hitsDuringOutage);
    System.out.printf("redis outage: health check, push, 2 pulls, tag move and 2 reads took %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());

    proxy.restore();
    long restored = System.nanoTime();
    awaitRedisHealthy(client);
    System.out.printf("redis outage: health said redis true %d ms after the proxy was restored%n",
        Duration.ofNanos(System.nanoTime() - restored).toMillis());
    // The node trusts its cache again once its own heartbeat comes back through Redis (about a second).
    awaitCacheHits(client, REPO, "v1", during, hitsDuringOutage);
    client.assertPulls("outage/app", "v2", during);
  }

  @Test
  void nodeStartsWhileRedisIsUnreachable_servesWithoutTheCache_andUsesRedisOnceItAnswers() throws Exception {
    proxy.refuse();
    try (TestRegistry node = startNode()) {
      NodeClient client = new NodeClient(node.base());
      assertHealth(client, false);
      NodeClient.Image image = client.pushImage("late/app", "v1", 3, 40_000);
      readTwice(client, "late/app", "v1", image);
      assertThat(cacheHits(client)).isZero();

      proxy.restore();
      awaitRedisHealthy(client);
      awaitCacheHits(client, "late/app", "v1", image, 0);
    }
  }

  /** Reads until the cache answers (its hits grow past {@code hitsBefore}), for at most the await bound. */
  private static void awaitCacheHits(NodeClient client, String repo, String tag, NodeClient.Image expected,
      double hitsBefore) throws Exception {
    RedisCoordinationTest.await(() -> {
      try {
        readTwice(client, repo, tag, expected);
        return cacheHits(client) > hitsBefore;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "the cache to be used again");
  }

  private static void readTwice(NodeClient client, String repo, String tag, NodeClient.Image expected)
      throws Exception {
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> got = client.getManifest(repo, tag);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(expected.manifest());
    }
  }

  private static void assertHealth(NodeClient client, boolean redisUp) throws Exception {
    HttpResponse<String> health = client.get("/health/instance");
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.path("status_code").asInt()).isEqualTo(200);
    assertThat(body.path("data").path("services").path("database").asBoolean()).isTrue();
    assertThat(body.path("data").path("services").path("storage").asBoolean()).isTrue();
    assertThat(body.path("data").path("services").path("redis").isBoolean()).isTrue();
    assertThat(body.path("data").path("services").path("redis").asBoolean()).as(health.body()).isEqualTo(redisUp);
  }

  private static void awaitRedisHealthy(NodeClient client) throws Exception {
    RedisCoordinationTest.await(() -> {
      try {
        return JSON.readTree(client.get("/health/instance").body()).path("data").path("services").path("redis")
            .asBoolean();
      } catch (Exception e) {
        return false;
      }
    }, "/health/instance to report redis true");
  }

  private static double cacheHits(NodeClient client) throws Exception {
    return PrometheusText.parse(client.get("/metrics").body()).sum("berth_cache_hits_total");
  }

  @FunctionalInterface
  private interface Cut {
    void apply() throws Exception;
  }
}
