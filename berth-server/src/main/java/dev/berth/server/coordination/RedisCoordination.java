package dev.berth.server.coordination;

import io.lettuce.core.ClientOptions;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordination through Redis. Stamps are random values (not counters), and a key without one gets a random one on
 * first read, so a Redis that restarts empty cannot bring back a stamp a stale cache entry still carries. A touch
 * that fails is remembered and retried before the next operation succeeds, so an outage delays announcements
 * instead of losing them. After a failure Redis is left alone for {@link #BACK_OFF_MS} (calls fail at once, as
 * when it is down) and then one call probes it, so an unreachable Redis costs the node one command timeout now and
 * then instead of one per request.
 */
public final class RedisCoordination implements Coordination {
  private static final Logger log = LoggerFactory.getLogger(RedisCoordination.class);
  private static final String PREFIX = "berth:";
  private static final String RELEASE = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";
  private static final String RENEW = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end""";

  private static final long RECONNECT_PAUSE_MS = 1_000;
  static final long BACK_OFF_MS = 1_000;

  private final RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisPubSubConnection<String, String> pubSub;
  private volatile long nextConnectMs;
  private final SecureRandom random = new SecureRandom();
  private final Set<String> pendingTouches = ConcurrentHashMap.newKeySet();
  private final Map<String, CoalescedReads> reads = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean healthy = true;
  private final Clock clock;
  private final AtomicLong backOffUntilMs = new AtomicLong();

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
    uri.setTimeout(timeout);
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
        .build());
    try {
      commands();
    } catch (RuntimeException e) {
      unhealthy(e); // start anyway: Berth serves without caches until Redis answers
    }
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
      p.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          deliver(channel.substring(PREFIX.length()), message);
        }
      });
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
    if (backingOff()) {
      return Optional.empty();
    }
    return reads.computeIfAbsent(key, k -> new CoalescedReads()).read(() -> readStamp(key));
  }

  /**
   * Concurrent reads of one key's stamp, coalesced: at most one GET per key is in flight; callers that arrive
   * meanwhile wait for the next GET, which is sent only after the last of them arrived, so each caller gets a
   * stamp Redis held at some moment after its call began — never one older than a touch that ended before it.
   * Under many concurrent reads of a hot repository this sends one GET per round trip instead of one per read.
   */
  private static final class CoalescedReads {
    private CompletableFuture<Optional<String>> inFlight; // sent; guarded by this
    private CompletableFuture<Optional<String>> next; // not sent yet: new callers join it; guarded by this

    Optional<String> read(Supplier<Optional<String>> get) {
      CompletableFuture<Optional<String>> mine;
      CompletableFuture<Optional<String>> previous;
      synchronized (this) {
        if (next != null) {
          mine = next;
          previous = null;
        } else {
          mine = new CompletableFuture<>();
          next = mine;
          previous = inFlight == null ? CompletableFuture.completedFuture(Optional.empty()) : inFlight;
        }
      }
      if (previous != null) { // this caller sends the GET for everyone who joined before it is sent
        previous.join();
        synchronized (this) {
          next = null;
          inFlight = mine;
        }
        Optional<String> value = Optional.empty();
        try {
          value = get.get();
        } finally {
          mine.complete(value);
          synchronized (this) {
            if (inFlight == mine) {
              inFlight = null;
            }
          }
        }
        return value;
      }
      return mine.join();
    }
  }

  private Optional<String> readStamp(String key) {
    try {
      flushPendingTouches();
      String stampKey = PREFIX + "stamp:" + key;
      RedisCommands<String, String> redis = commands();
      String value = redis.get(stampKey);
      if (value == null) {
        // A constant for absent keys would come back after a restart that lost the key, and with it every
        // answer cached under it before the lost write: give the key a random stamp instead.
        String fresh = randomStamp();
        value = Boolean.TRUE.equals(redis.setnx(stampKey, fresh)) ? fresh : redis.get(stampKey);
        if (value == null) {
          value = fresh; // lost again at once: a stamp no entry carries only makes the caller's cache miss
        }
      }
      answered();
      return Optional.of(value);
    } catch (RuntimeException e) {
      unhealthy(e);
      return Optional.empty();
    }
  }

  @Override
  public boolean touch(String key) {
    if (backingOff()) {
      pendingTouches.add(key);
      return false;
    }
    try {
      flushPendingTouches();
      setStamp(key);
      answered();
      return true;
    } catch (RuntimeException e) {
      pendingTouches.add(key);
      unhealthy(e);
      return false;
    }
  }

  private void setStamp(String key) {
    commands().set(PREFIX + "stamp:" + key, randomStamp());
  }

  private String randomStamp() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void flushPendingTouches() {
    for (String key : pendingTouches) {
      setStamp(key);
      pendingTouches.remove(key);
    }
  }

  @Override
  public void publish(String channel, String message) {
    if (backingOff()) {
      return;
    }
    try {
      commands().publish(PREFIX + channel, message);
    } catch (RuntimeException e) {
      unhealthy(e);
    }
  }

  @Override
  public AutoCloseable subscribe(String channel, Consumer<String> listener) {
    subscribers.computeIfAbsent(channel, c -> {
      pubSub().sync().subscribe(PREFIX + c);
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
      return Optional.of(new Lease() {
        @Override
        public boolean renew(Duration extension) {
          try {
            Long renewed = commands().eval(RENEW, ScriptOutputType.INTEGER, new String[] {key}, token,
                Long.toString(extension.toMillis()));
            return renewed != null && renewed == 1;
          } catch (RuntimeException e) {
            unhealthy(e);
            return false;
          }
        }

        @Override
        public void close() {
          try {
            commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, token);
          } catch (RuntimeException e) {
            unhealthy(e); // the lease expires by itself
          }
        }
      });
    } catch (RuntimeException e) {
      unhealthy(e);
      return Optional.empty();
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
      log.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("redis unavailable; caches bypassed");
    }
    healthy = false;
    backOffUntilMs.set(Math.max(1, clock.millis() + BACK_OFF_MS));
  }

  @Override
  public void close() {
    if (pubSub != null) {
      pubSub.close();
    }
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
