package dev.berth.server.coordination;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordination through Redis. Cache stamps are kept in each node's memory and changed on every node by a touch
 * before it returns ({@link RedisStamps}), so reading one costs no round trip. Leases are keys with an expiry;
 * events go through pub/sub. After a failure Redis is left alone for {@link #BACK_OFF_MS} (calls fail at once, as
 * when it is down) and then one call probes it, so an unreachable Redis costs the node one command timeout now and
 * then instead of one per request; a heartbeat every second keeps the subscription checked and publishes
 * invalidations that failed.
 */
public final class RedisCoordination implements Coordination {
  private static final Logger log = LoggerFactory.getLogger(RedisCoordination.class);
  private static final String PREFIX = "berth:";
  /** Drops events older than the window, adds this one, bounds the set, and keeps it for the longest window. */
  private static final String RECORD = """
      redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
      redis.call('zadd', KEYS[1], ARGV[2], ARGV[3])
      if redis.call('zcard', KEYS[1]) > tonumber(ARGV[5]) then redis.call('zremrangebyrank', KEYS[1], 0, 0) end
      if redis.call('pttl', KEYS[1]) < tonumber(ARGV[4]) then redis.call('pexpire', KEYS[1], ARGV[4]) end
      return 1""";

  private static final long RECONNECT_PAUSE_MS = 1_000;
  static final long BACK_OFF_MS = 1_000;

  private final RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisPubSubConnection<String, String> pubSub;
  private volatile long nextConnectMs;
  private final SecureRandom random = new SecureRandom();
  private final RedisStamps stamps;
  private final String channels;
  private final String server;
  private final ScheduledExecutorService ticker;
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean healthy = true;
  private final Clock clock;
  private final AtomicLong backOffUntilMs = new AtomicLong();
  private final LocalEventWindows localEvents;

  /**
   * Connects to Redis.
   *
   * @param uri the server, e.g. {@code redis://:password@host:6379/0}
   * @param timeout how long a command may take before the coordinator counts as unavailable
   */
  public RedisCoordination(RedisURI uri, Duration timeout) {
    this(uri, timeout, Clock.systemUTC());
  }

  /** As {@link #RedisCoordination(RedisURI, Duration)}, timing the back-off after failures by {@code clock}. */
  public RedisCoordination(RedisURI uri, Duration timeout, Clock clock) {
    this.clock = clock;
    this.localEvents = new LocalEventWindows(clock);
    uri.setTimeout(timeout);
    // Pub/sub channels are shared by every database of a Redis server: name them by database, so installations
    // that share a server do not invalidate each other's caches.
    this.channels = PREFIX + uri.getDatabase() + ":";
    this.server = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    this.stamps = new RedisStamps(channels);
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
        .build());
    client.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (handler == pubSub) {
          stamps.lost();
        }
      }
    });
    try {
      commands();
      pubSub();
      stamps.heartbeat(asyncCommands());
      stamps.awaitHeard(TimeUnit.SECONDS.toNanos(2));
    } catch (RuntimeException e) {
      unhealthy(e); // start anyway: Berth serves without caches until Redis answers
    }
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "berth-redis-heartbeat");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * The command connection, connecting on first use and, after a failure, at most once a second. Lettuce
   * reconnects an established connection by itself.
   */
  private RedisCommands<String, String> commands() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      synchronized (this) {
        if (connection == null) {
          if (System.currentTimeMillis() < nextConnectMs) {
            throw new RedisConnectionException("redis not connected");
          }
          try {
            connection = client.connect();
          } catch (RuntimeException e) {
            nextConnectMs = System.currentTimeMillis() + RECONNECT_PAUSE_MS;
            throw e;
          }
        }
        c = connection;
      }
    }
    return c.sync();
  }

  private synchronized StatefulRedisPubSubConnection<String, String> pubSub() {
    if (pubSub == null) {
      StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
      String invalidations = channels + RedisStamps.INVALIDATIONS;
      String acks = channels + stamps.ackChannel();
      p.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          try {
            if (channel.equals(invalidations)) {
              stamps.onInvalidation(message, asyncCommands());
            } else if (channel.equals(acks)) {
              stamps.onAck(message);
            } else {
              deliver(channel.substring(channels.length()), message);
            }
          } catch (RuntimeException e) {
            unhealthy(e); // no acknowledgement: the toucher stops waiting at its timeout
          }
        }

        @Override
        public void subscribed(String channel, long count) {
          if (channel.equals(invalidations)) {
            stamps.subscribed(); // also after Lettuce resubscribed a reconnected connection
          }
        }
      });
      p.sync().subscribe(invalidations, acks);
      pubSub = p;
    }
    return pubSub;
  }

  private void deliver(String channel, String message) {
    for (Consumer<String> listener : subscribers.getOrDefault(channel, List.of())) {
      try {
        listener.accept(message);
      } catch (RuntimeException e) {
        log.atWarn().addKeyValue("channel", channel).setCause(e).log("event listener failed");
      }
    }
  }

  @Override
  public Optional<String> stamp(String key) {
    return healthy ? stamps.stamp(key) : Optional.empty();
  }

  @Override
  public boolean touch(String key) {
    if (backingOff()) {
      stamps.touchLocally(key);
      return false;
    }
    try {
      stamps.announcePending(this::commands);
      stamps.touch(key, this::commands);
      answered();
      return true;
    } catch (RuntimeException e) {
      unhealthy(e);
      return false;
    }
  }

  /** Every second: make sure the subscriptions stand, publish what failed, and send the heartbeat. */
  private void tick() {
    try {
      if (backingOff()) {
        return;
      }
      pubSub();
      commands().ping();
      answered();
      stamps.announcePending(this::commands);
      stamps.heartbeat(asyncCommands());
    } catch (RuntimeException e) {
      unhealthy(e);
    }
  }

  private RedisAsyncCommands<String, String> asyncCommands() {
    commands();
    return connection.async();
  }

  @Override
  public void publish(String channel, String message) {
    if (backingOff()) {
      return;
    }
    try {
      commands().publish(channels + channel, message);
    } catch (RuntimeException e) {
      unhealthy(e);
    }
  }

  @Override
  public AutoCloseable subscribe(String channel, Consumer<String> listener) {
    subscribers.computeIfAbsent(channel, c -> {
      pubSub().sync().subscribe(channels + c);
      return new CopyOnWriteArrayList<>();
    }).add(listener);
    return () -> subscribers.getOrDefault(channel, List.of()).remove(listener);
  }

  @Override
  public Optional<Lease> tryLease(String name, Duration ttl) {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    String key = PREFIX + "lease:" + name;
    if (backingOff()) {
      return Optional.empty();
    }
    try {
      String ok = commands().set(key, token, SetArgs.Builder.nx().px(ttl.toMillis()));
      if (!"OK".equals(ok)) {
        return Optional.empty();
      }
      return Optional.of(new RedisLease(this::commands, this::unhealthy, key, token));
    } catch (RuntimeException e) {
      unhealthy(e);
      return Optional.empty();
    }
  }

  /** Recorded on this node as well as in Redis, so that the node still counts its own if Redis goes away. */
  @Override
  public void recordEvent(String key, Duration window) {
    localEvents.record(key, window);
    long now = clock.millis();
    byte[] nonce = new byte[6];
    random.nextBytes(nonce);
    ask(c -> c.eval(RECORD, ScriptOutputType.INTEGER, new String[] {PREFIX + "events:" + key},
        Long.toString(now - window.toMillis()), Long.toString(now), now + ":" + HexFormat.of().formatHex(nonce),
        Long.toString(window.toMillis()), Integer.toString(LocalEventWindows.MAX_EVENTS)), () -> 0L);
  }

  @Override
  public List<Long> recentEvents(String key, Duration window, int max) {
    long since = clock.millis() - window.toMillis();
    return ask(c -> c.zrevrangebyscoreWithScores(PREFIX + "events:" + key,
            Range.from(Range.Boundary.excluding(since), Range.Boundary.unbounded()), Limit.create(0, max))
        .stream().map(v -> (long) v.getScore()).toList(), () -> localEvents.recent(key, window, max));
  }

  @Override
  public void forgetEvents(String key) {
    localEvents.forget(key);
    ask(c -> c.del(PREFIX + "events:" + key), () -> 0L);
  }

  /** Redis's answer to {@code command}, or {@code fallback}'s while Redis is backed off or when it fails. */
  private <T> T ask(java.util.function.Function<RedisCommands<String, String>, T> command,
      java.util.function.Supplier<T> fallback) {
    if (backingOff()) {
      return fallback.get();
    }
    try {
      T answer = command.apply(commands());
      answered();
      return answer;
    } catch (RuntimeException e) {
      unhealthy(e);
      return fallback.get();
    }
  }

  @Override
  public boolean isHealthy() {
    try {
      boolean ok = "PONG".equals(commands().ping());
      if (ok) {
        answered();
      }
      return ok;
    } catch (RuntimeException e) {
      unhealthy(e);
      return false;
    }
  }

  @Override
  public String kind() {
    return "redis";
  }

  /**
   * Whether to skip Redis now: within the back-off after a failure, yes; once it is over, the first caller probes
   * Redis (and ends the back-off if it answers, or starts another) while the others still skip it. {@link
   * #isHealthy()} always asks Redis, so health reports the truth and a healthy answer ends the back-off early.
   */
  private boolean backingOff() {
    long until = backOffUntilMs.get();
    if (until == 0) {
      return false;
    }
    long now = clock.millis();
    return now < until || !backOffUntilMs.compareAndSet(until, now + BACK_OFF_MS);
  }

  private void answered() {
    if (!healthy) {
      log.atInfo().log("redis available again; caches in use");
    }
    healthy = true;
    backOffUntilMs.set(0);
  }

  private void unhealthy(RuntimeException e) {
    if (healthy) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      // The server and the driver's reason (refused, timed out, WRONGPASS); never the URI, which holds the password.
      log.atWarn().addKeyValue("redis", server).addKeyValue("error", e.getClass().getSimpleName())
          .addKeyValue("cause", String.valueOf(root.getMessage()).lines().findFirst().orElse(""))
          .log("redis unavailable; caches bypassed");
    }
    healthy = false;
    backOffUntilMs.set(Math.max(1, clock.millis() + BACK_OFF_MS));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (pubSub != null) {
      pubSub.close();
    }
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
