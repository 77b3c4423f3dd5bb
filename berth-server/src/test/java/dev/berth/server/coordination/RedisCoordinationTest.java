package dev.berth.server.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.MutableClock;
import dev.berth.server.testing.RedisDatabase;
import dev.berth.server.testing.TcpProxy;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordination contract on the machine's Redis, two {@link RedisCoordination}s standing for two nodes, in a
 * Redis database claimed for this class; then what only Redis has: installations on one server kept apart, a node
 * that loses its subscription, and outages (a {@link TcpProxy} in front of Redis, cut, blackholed and restored).
 */
class RedisCoordinationTest extends CoordinationContract {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  static RedisDatabase redis;

  private RedisCoordination node;
  private RedisCoordination peer;

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
  void open() {
    node = new RedisCoordination(redis.uri(), TIMEOUT);
    peer = new RedisCoordination(redis.uri(), TIMEOUT);
  }

  @AfterEach
  void close() {
    node.close();
    peer.close();
  }

  @Override
  protected Coordination node() {
    return node;
  }

  @Override
  protected Coordination peer() {
    return peer;
  }

  @Override
  protected void letPass(Duration time) throws InterruptedException {
    Thread.sleep(time.toMillis() + 100); // Redis never returns a key past its expiry, so this is enough
  }

  @Override
  protected String expectedKind() {
    return "redis";
  }

  private static String unique() {
    return "repo-" + UUID.randomUUID();
  }

  @Test
  void invalidations_reachOnlyNodesOfTheSameDatabase() throws Exception {
    try (RedisDatabase otherDatabase = RedisDatabase.claim();
        RedisCoordination elsewhere = new RedisCoordination(otherDatabase.uri(), TIMEOUT)) {
      String key = unique();
      String before = elsewhere.stamp(key).orElseThrow();
      node.touch(key);
      assertThat(elsewhere.stamp(key)).as("another installation on the same Redis server").contains(before);
    }
  }

  @Test
  void aNodeThatLostItsSubscription_answersNoStamp_andChangesEveryStampOnceItHearsAgain() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination throughProxy = new RedisCoordination(proxied(proxy), TIMEOUT)) {
      String key = unique();
      String before = throughProxy.stamp(key).orElseThrow();
      proxy.refuse(); // invalidations published now cannot reach it: it must not trust its caches
      await(() -> throughProxy.stamp(key).isEmpty(), "the lost subscription to be noticed");
      node.touch(key); // missed by the node behind the proxy
      proxy.restore();
      await(() -> throughProxy.stamp(key).isPresent(), "the node to hear again");
      assertThat(throughProxy.stamp(key)).isPresent().get().isNotEqualTo(before);
    }
  }

  @Test
  void outage_stampsAreUnavailable_touchesWait_andArrive_whenRedisIsBack() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination throughProxy = new RedisCoordination(proxied(proxy), TIMEOUT)) {
      String key = unique();
      String before = throughProxy.stamp(key).orElseThrow();
      String peerBefore = peer.stamp(key).orElseThrow();
      assertThat(throughProxy.isHealthy()).isTrue();

      proxy.refuse();
      await(() -> throughProxy.stamp(key).isEmpty(), "no stamp while Redis cannot be reached");
      assertThat(throughProxy.touch(key)).as("a touch that could not be announced").isFalse();
      assertThat(throughProxy.isHealthy()).isFalse();
      assertThat(peer.stamp(key)).as("the write is not announced yet").contains(peerBefore);

      proxy.restore();
      await(throughProxy::isHealthy, "the coordinator to reconnect");
      await(() -> throughProxy.stamp(key).isPresent(), "the coordinator to hear again");
      assertThat(throughProxy.stamp(key)).isPresent().get().isNotEqualTo(before);
      await(() -> !peer.stamp(key).orElseThrow().equals(peerBefore), "the touch made during the outage to arrive");
    }
  }

  @Test
  void outage_eventsAreCountedByTheNodeAlone_andRedisCountsAgain_whenItIsBack() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination throughProxy = new RedisCoordination(proxied(proxy), TIMEOUT)) {
      String key = unique();
      Duration window = Duration.ofMinutes(10);
      throughProxy.recordEvent(key, window);
      peer.recordEvent(key, window);
      peer.recordEvent(key, window);
      assertThat(throughProxy.recentEvents(key, window, 10)).as("every node's").hasSize(3);

      proxy.refuse();
      assertThat(throughProxy.recentEvents(key, window, 10)).as("its own, while Redis cannot be reached").hasSize(1);
      throughProxy.recordEvent(key, window);
      assertThat(throughProxy.recentEvents(key, window, 10)).hasSize(2);

      proxy.restore();
      await(throughProxy::isHealthy, "the coordinator to reconnect");
      assertThat(throughProxy.recentEvents(key, window, 10)).as("Redis's count, without the outage's event")
          .hasSize(3);
    }
  }

  @Test
  void outage_thatDropsPackets_isReportedAsUnhealthy_andStampsStop_withinTheSilenceBound() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination throughProxy = new RedisCoordination(proxied(proxy), TIMEOUT)) {
      String key = unique();
      throughProxy.stamp(key).orElseThrow();
      proxy.blackhole();
      assertThat(throughProxy.isHealthy()).isFalse();
      await(() -> throughProxy.stamp(key).isEmpty(), "stamps to stop once no heartbeat came back");
      proxy.restore();
      await(throughProxy::isHealthy, "the coordinator to reconnect");
      await(() -> throughProxy.stamp(key).isPresent(), "the coordinator to hear again");
    }
  }

  @Test
  void startedWhileRedisIsUnreachable_itComesUp_unhealthy_andConnectsOnceRedisAnswers() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT)) {
      proxy.refuse();
      try (RedisCoordination late = new RedisCoordination(proxied(proxy), TIMEOUT)) {
        assertThat(late.isHealthy()).isFalse();
        assertThat(late.stamp(unique())).isEmpty();
        assertThat(late.tryLease(unique(), Duration.ofSeconds(5))).isEmpty();
        late.publish("events", "lost"); // best effort: no exception
        proxy.restore();
        await(late::isHealthy, "the coordinator to connect");
        String key = unique();
        await(() -> late.stamp(key).isPresent(), "the coordinator to hear");
        String peerBefore = peer.stamp(key).orElseThrow();
        assertThat(late.touch(key)).isTrue();
        assertThat(peer.stamp(key)).isPresent().get().isNotEqualTo(peerBefore);
      }
    }
  }

  @Test
  void afterAFailure_redisIsLeftAloneForTheBackOff_soCallsFailAtOnce_thenOneCallProbesIt() throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination coordination = new RedisCoordination(proxied(proxy), TIMEOUT, clock)) {
      String key = unique();
      String peerBefore = peer.stamp(key).orElseThrow();
      proxy.refuse();
      assertThat(coordination.touch(key)).isFalse(); // this call waited for Redis and failed
      proxy.restore();
      // Redis answers again, but within the back-off nobody asks it (the clock stands still):
      assertThat(coordination.touch(key)).isFalse();
      assertThat(coordination.tryLease(unique(), Duration.ofSeconds(5))).isEmpty();
      assertThat(peer.stamp(key)).as("the touches wait").contains(peerBefore);

      await(() -> {
        clock.advance(Duration.ofMillis(RedisCoordination.BACK_OFF_MS + 1));
        return coordination.touch(key); // one probe per back-off until the client reconnected
      }, "a probe after the back-off to reach Redis");
      assertThat(peer.stamp(key)).isPresent().get().isNotEqualTo(peerBefore);
    }
  }

  @Test
  void aHealthCheckThatReachesRedis_endsTheBackOffAtOnce() throws Exception {
    MutableClock clock = new MutableClock(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination coordination = new RedisCoordination(proxied(proxy), TIMEOUT, clock)) {
      String key = unique();
      proxy.refuse();
      assertThat(coordination.isHealthy()).isFalse();
      assertThat(coordination.touch(key)).isFalse();
      proxy.restore();
      await(coordination::isHealthy, "the health check to reach Redis"); // the clock never moves
      assertThat(coordination.touch(key)).isTrue();
    }
  }

  private static RedisURI proxied(TcpProxy proxy) {
    return RedisURI.builder().withHost(proxy.host()).withPort(proxy.port()).withDatabase(redis.number()).build();
  }

  /** Polls {@code condition} until it holds, for at most 60 s (Redis clients reconnect with a backoff). */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after 60 s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
