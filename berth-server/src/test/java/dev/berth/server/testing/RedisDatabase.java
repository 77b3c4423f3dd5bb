package dev.berth.server.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One logical database (1 to 15) of the machine's Redis on 127.0.0.1:6379, claimed for one test class so that
 * its keys, and a {@code FLUSHDB}, touch nothing another test (in this JVM or another) uses. The claim is a key
 * set with {@code NX} and a ten-minute expiry in that database; {@link #close()} empties the database, which
 * also drops the claim. {@code .ci/run} starts Redis when it is not running.
 */
public final class RedisDatabase implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 6379;
  private static final String CLAIM = "berth-test:claim";

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final int number;
  private final String token;

  private RedisDatabase(RedisClient client, StatefulRedisConnection<String, String> connection, int number,
      String token) {
    this.client = client;
    this.connection = connection;
    this.number = number;
    this.token = token;
  }

  /**
   * Claims the first free database.
   *
   * @throws IllegalStateException when Redis is not reachable (the message says how to start it) or every
   *     database is claimed
   */
  public static RedisDatabase claim() {
    RedisClient client = RedisClient.create(RedisURI.builder().withHost(HOST).withPort(PORT)
        .withTimeout(Duration.ofSeconds(5)).build());
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown();
      throw new IllegalStateException("Redis is not reachable on " + HOST + ":" + PORT
          + " (run .ci/run, which starts it, or: redis-server --daemonize yes --save '' --appendonly no): "
          + e.getMessage(), e);
    }
    String token = UUID.randomUUID().toString();
    RedisCommands<String, String> redis = connection.sync();
    for (int db = 15; db >= 1; db--) {
      redis.select(db);
      if ("OK".equals(redis.set(CLAIM, token, SetArgs.Builder.nx().px(Duration.ofMinutes(10).toMillis())))) {
        return new RedisDatabase(client, connection, db, token);
      }
    }
    connection.close();
    client.shutdown();
    throw new IllegalStateException("every Redis database 1-15 is claimed by another test");
  }

  /** The database's number, for {@code USER_EVENTS_REDIS.db}. */
  public int number() {
    return number;
  }

  /** {@code USER_EVENTS_REDIS} for a Berth using this database at {@code host:port} (a proxy, or Redis). */
  public Map<String, Object> config(String host, int port) {
    Map<String, Object> redis = new LinkedHashMap<>();
    redis.put("host", host);
    redis.put("port", port);
    redis.put("db", number);
    return Map.of("USER_EVENTS_REDIS", redis);
  }

  /** {@code USER_EVENTS_REDIS} for a Berth using this database directly. */
  public Map<String, Object> config() {
    return config(HOST, PORT);
  }

  /** {@code redis://127.0.0.1:6379/N}. */
  public RedisURI uri() {
    return RedisURI.builder().withHost(HOST).withPort(PORT).withDatabase(number).build();
  }

  /** Commands on this database (the connection has it selected). */
  public RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /** {@code FLUSHDB}: what a Redis restarted without persistence looks like to Berth. Keeps the claim. */
  public void flush() {
    RedisCommands<String, String> redis = connection.sync();
    redis.flushdb();
    redis.set(CLAIM, token, SetArgs.Builder.px(Duration.ofMinutes(10).toMillis()));
  }

  @Override
  public void close() {
    try {
      RedisCommands<String, String> redis = connection.sync();
      if (token.equals(redis.get(CLAIM))) {
        redis.flushdb();
      }
    } finally {
      connection.close();
      client.shutdown();
    }
  }
}
