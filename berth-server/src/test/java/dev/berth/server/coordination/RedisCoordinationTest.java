package dev.berth.server.coordination;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Redis database claimed for this class; then what only Redis has: a restart that loses every key (simulated with
 * {@code FLUSHDB}) and an outage (a {@link TcpProxy} in front of Redis, cut and restored).
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
  protected void letExpire(String name, Duration ttl) throws InterruptedException {
    Thread.sleep(ttl.toMillis() + 100); // Redis never returns a key past its expiry, so this is enough
  }

  @Override
  protected String expectedKind() {
    return "redis";
  }

  private static String unique() {
    return "repo-" + UUID.randomUUID();
  }

  @Test
  void stamps_liveInTheConfiguredDatabase_underBerthsPrefix() {
    String key = unique();
    node.touch(key);
    List<String> keys = redis.commands().keys("berth:*" + key);
    assertThat(keys).hasSize(1);
  }

  @Test
  void restartThatLosesEveryKey_betweenATouchAndARead_givesAStampNoCacheHolds() {
    String key = unique();
    Set<String> cached = new HashSet<>();
    cached.add(peer.stamp(key).orElseThrow()); // the peer caches an answer under the untouched key's stamp
    node.touch(key);
    cached.add(node.stamp(key).orElseThrow()); // and under the stamp after a write
    redis.flush();
    String afterRestart = peer.stamp(key).orElseThrow();
    assertThat(cached).doesNotContain(afterRestart);
    assertThat(node.stamp(key)).contains(afterRestart);
  }

  @Test
  void restartThatLosesEveryKey_ofAKeyOnlyEverRead_givesAStampNoCacheHolds() {
    String key = unique();
    String cached = peer.stamp(key).orElseThrow();
    redis.flush();
    // Nothing was written, so a fresh stamp only costs one cache miss; the same stamp would be safe here but
    // not after a write that the flush erased, which a reader cannot tell apart from this case.
    assertThat(peer.stamp(key)).isPresent().get().isNotEqualTo(cached);
  }

  @Test
  void outage_stampsAreUnavailable_touchesWait_andArrive_whenRedisIsBack() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination throughProxy = new RedisCoordination(proxied(proxy), TIMEOUT)) {
      String key = unique();
      String before = throughProxy.stamp(key).orElseThrow();
      assertThat(throughProxy.isHealthy()).isTrue();

      proxy.refuse();
      assertThat(throughProxy.stamp(key)).as("no stamp while Redis cannot be reached").isEmpty();
      assertThat(throughProxy.touch(key)).as("a touch that could not be made").isFalse();
      assertThat(throughProxy.isHealthy()).isFalse();
      assertThat(peer.stamp(key)).as("the write is not announced yet").contains(before);

      proxy.restore();
      await(throughProxy::isHealthy, "the coordinator to reconnect");
      String after = throughProxy.stamp(key).orElseThrow();
      assertThat(after).as("the touch made during the outage was applied").isNotEqualTo(before);
      assertThat(peer.stamp(key)).contains(after);
    }
  }

  @Test
  void outage_thatDropsPackets_isReportedAsUnhealthy_withinTheCommandTimeout() throws Exception {
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination throughProxy = new RedisCoordination(proxied(proxy), TIMEOUT)) {
      String key = unique();
      throughProxy.stamp(key).orElseThrow();
      proxy.blackhole();
      assertThat(throughProxy.stamp(key)).isEmpty();
      assertThat(throughProxy.isHealthy()).isFalse();
      proxy.restore();
      await(throughProxy::isHealthy, "the coordinator to reconnect");
      assertThat(throughProxy.stamp(key)).isPresent();
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
        assertThat(late.touch(key)).isTrue();
        assertThat(late.stamp(key)).isEqualTo(peer.stamp(key));
      }
    }
  }

  @Test
  void afterAFailure_redisIsLeftAloneForTheBackOff_soCallsFailAtOnce_thenOneCallProbesIt() throws Exception {
    InProcessCoordinationTest.MovableClock clock = new InProcessCoordinationTest.MovableClock();
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination coordination = new RedisCoordination(proxied(proxy), TIMEOUT, clock)) {
      String key = unique();
      String before = coordination.stamp(key).orElseThrow();
      proxy.refuse();
      assertThat(coordination.stamp(key)).isEmpty(); // this call waited for Redis and failed
      proxy.restore();
      // Redis answers again, but within the back-off nobody asks it (the clock stands still):
      assertThat(coordination.stamp(key)).isEmpty();
      assertThat(coordination.touch(key)).isFalse();
      assertThat(coordination.tryLease(unique(), Duration.ofSeconds(5))).isEmpty();
      assertThat(peer.stamp(key)).as("the touch waits").contains(before);

      await(() -> {
        clock.advance(Duration.ofMillis(RedisCoordination.BACK_OFF_MS + 1));
        return coordination.stamp(key).isPresent(); // one probe per back-off until the client reconnected
      }, "a probe after the back-off to reach Redis");
      assertThat(coordination.stamp(key)).isPresent().get().isNotEqualTo(before);
      assertThat(peer.stamp(key)).isEqualTo(coordination.stamp(key));
    }
  }

  @Test
  void aHealthCheckThatReachesRedis_endsTheBackOffAtOnce() throws Exception {
    InProcessCoordinationTest.MovableClock clock = new InProcessCoordinationTest.MovableClock();
    try (TcpProxy proxy = TcpProxy.start(RedisDatabase.HOST, RedisDatabase.PORT);
        RedisCoordination coordination = new RedisCoordination(proxied(proxy), TIMEOUT, clock)) {
      String key = unique();
      coordination.stamp(key).orElseThrow();
      proxy.refuse();
      assertThat(coordination.isHealthy()).isFalse();
      assertThat(coordination.stamp(key)).isEmpty();
      proxy.restore();
      await(coordination::isHealthy, "the health check to reach Redis"); // the clock never moves
      assertThat(coordination.stamp(key)).isPresent();
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
