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
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordination through Redis. Stamps are random values (not counters), and a key without one gets a random one on
 * first read, so a Redis that restarts empty cannot bring back a stamp a stale cache entry still carries. A touch
 * that fails is remembered and retried before the next operation succeeds, so an outage delays announcements
 * instead of losing them.
 */
public final class RedisCoordination implements Coordination {
  private static final Logger log = LoggerFactory.getLogger(RedisCoordination.class);
  private static final String PREFIX = "berth:";
  private static final String RELEASE = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";

  private static final long RECONNECT_PAUSE_MS = 1_000;

  private final RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisPubSubConnection<String, String> pubSub;
  private volatile long nextConnectMs;
  private final SecureRandom random = new SecureRandom();
  private final Set<String> pendingTouches = ConcurrentHashMap.newKeySet();
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean healthy = true;

  /**
   * Connects to Redis.
   *
   * @param uri the server, e.g. {@code redis://:password@host:6379/0}
   * @param timeout how long a command may take before the coordinator counts as unavailable
   */
  public RedisCoordination(RedisURI uri, Duration timeout) {
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
      healthy = true;
      return Optional.of(value);
    } catch (RuntimeException e) {
      unhealthy(e);
      return Optional.empty();
    }
  }

  @Override
  public boolean touch(String key) {
    try {
      flushPendingTouches();
      setStamp(key);
      healthy = true;
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
    try {
      String ok = commands().set(key, token, SetArgs.Builder.nx().px(ttl.toMillis()));
      if (!"OK".equals(ok)) {
        return Optional.empty();
      }
      return Optional.of(() -> {
        try {
          commands().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, token);
        } catch (RuntimeException e) {
          unhealthy(e); // the lease expires by itself
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
      healthy = ok;
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

  private void unhealthy(RuntimeException e) {
    if (healthy) {
      log.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("redis unavailable; caches bypassed");
    }
    healthy = false;
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
