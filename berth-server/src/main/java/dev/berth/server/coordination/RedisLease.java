package dev.berth.server.coordination;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A lease held in Redis: a key whose value is this holder's random token, with an expiry. Renewing and releasing
 * act only while the key still holds our token, so a holder whose lease expired and was taken never touches the
 * next holder's.
 */
final class RedisLease implements Coordination.Lease {
  private static final String RELEASE = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";
  private static final String RENEW = """
      if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end""";

  private final Supplier<RedisCommands<String, String>> commands;
  private final Consumer<RuntimeException> onFailure;
  private final String key;
  private final String token;

  /**
   * @param commands the connection's commands, connecting if needed
   * @param onFailure told when Redis fails, so the coordinator backs off and reports it
   */
  RedisLease(Supplier<RedisCommands<String, String>> commands, Consumer<RuntimeException> onFailure, String key,
      String token) {
    this.commands = commands;
    this.onFailure = onFailure;
    this.key = key;
    this.token = token;
  }

  @Override
  public boolean renew(Duration extension) {
    try {
      Long renewed = commands.get().eval(RENEW, ScriptOutputType.INTEGER, new String[] {key}, token,
          Long.toString(extension.toMillis()));
      return renewed != null && renewed == 1;
    } catch (RuntimeException e) {
      onFailure.accept(e);
      return false;
    }
  }

  @Override
  public void close() {
    try {
      commands.get().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, token);
    } catch (RuntimeException e) {
      onFailure.accept(e); // the lease expires by itself
    }
  }
}
