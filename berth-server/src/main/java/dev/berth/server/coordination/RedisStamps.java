package dev.berth.server.coordination;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache stamps that every node keeps in its own memory and that a touch changes on every node before it returns,
 * so reading a stamp costs no round trip. A touch publishes an invalidation to all nodes and waits until each
 * subscriber has applied it and acknowledged (Redis's PUBLISH says how many there are); a node applies it by
 * giving the key a fresh local stamp. A node that is not sure it hears every invalidation — its subscription is
 * down, or its own heartbeat has not come back for {@link #SILENCE_NANOS} — answers no stamp, so its caches are
 * bypassed; when it hears again it changes every stamp at once (a new epoch), since it may have missed some. A
 * subscriber that does not acknowledge within {@link #ACK_TIMEOUT_MS} (a silent network partition) is waited for
 * no longer: it bypasses its caches within the silence bound.
 */
final class RedisStamps {
  private static final Logger log = LoggerFactory.getLogger(RedisStamps.class);
  static final String INVALIDATIONS = "stamps";
  static final long ACK_TIMEOUT_MS = 500;
  static final long SILENCE_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final String HEARTBEAT = "hb";

  private final String node = UUID.randomUUID().toString();
  private final String prefix;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Long> local = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> pendingAcks = new ConcurrentHashMap<>();
  private final Set<String> unannounced = ConcurrentHashMap.newKeySet();
  private volatile long epoch = sequence.incrementAndGet();
  private volatile boolean subscribed;
  private volatile boolean heard;
  private volatile long lastHeardNanos;

  RedisStamps(String prefix) {
    this.prefix = prefix;
  }

  /** The channel (without prefix) this node's acknowledgements and heartbeats arrive on. */
  String ackChannel() {
    return "stamp-acks:" + node;
  }

  /** The key's stamp on this node, or empty while this node cannot be sure it hears every invalidation. */
  Optional<String> stamp(String key) {
    if (!subscribed || !heard || System.nanoTime() - lastHeardNanos > SILENCE_NANOS) {
      return Optional.empty();
    }
    return Optional.of(epoch + "." + local.getOrDefault(key, 0L));
  }

  /**
   * Changes the key's stamp here and on every node that hears, and waits for their acknowledgements.
   *
   * @return false when the invalidation could not be published (it is published again when it can)
   */
  boolean touch(String key, Supplier<RedisCommands<String, String>> commands) {
    local.put(key, sequence.incrementAndGet());
    String id = node + " " + sequence.incrementAndGet();
    Semaphore acks = new Semaphore(0);
    pendingAcks.put(id, acks);
    try {
      long receivers = commands.get().publish(prefix + INVALIDATIONS, id + " " + key);
      if (receivers > 0 && !acks.tryAcquire((int) Math.min(receivers, Integer.MAX_VALUE), ACK_TIMEOUT_MS,
          TimeUnit.MILLISECONDS)) {
        log.atWarn().addKeyValue("key", key).addKeyValue("subscribers", receivers)
            .log("a node did not acknowledge an invalidation in time; it bypasses its caches once silent");
      }
      return true;
    } catch (RuntimeException e) {
      unannounced.add(key);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } finally {
      pendingAcks.remove(id);
    }
  }

  /** Changes the key's stamp on this node only, and remembers to tell the others when Redis answers again. */
  void touchLocally(String key) {
    local.put(key, sequence.incrementAndGet());
    unannounced.add(key);
  }

  /** Publishes invalidations that failed earlier; called whenever Redis answers. */
  void announcePending(Supplier<RedisCommands<String, String>> commands) {
    for (String key : unannounced) {
      commands.get().publish(prefix + INVALIDATIONS, node + " " + sequence.incrementAndGet() + " " + key);
      unannounced.remove(key);
    }
  }

  /** Sends this node's heartbeat through Redis to itself. */
  void heartbeat(RedisAsyncCommands<String, String> async) {
    async.publish(prefix + ackChannel(), HEARTBEAT);
  }

  /** Handles a message on the invalidation channel: apply, then acknowledge to the toucher. */
  void onInvalidation(String message, RedisAsyncCommands<String, String> async) {
    String[] parts = message.split(" ", 3);
    if (parts.length != 3) {
      return;
    }
    local.put(parts[2], sequence.incrementAndGet());
    async.publish(prefix + "stamp-acks:" + parts[0], parts[0] + " " + parts[1]);
  }

  /** Handles a message on this node's acknowledgement channel: a heartbeat or an acknowledgement. */
  void onAck(String message) {
    if (message.equals(HEARTBEAT)) {
      hear();
      return;
    }
    Semaphore acks = pendingAcks.get(message);
    if (acks != null) {
      acks.release();
    }
  }

  /** The subscription is (again) confirmed. */
  void subscribed() {
    subscribed = true;
  }

  /** The subscription's connection was lost: nothing heard until it is back, and everything stale then. */
  void lost() {
    subscribed = false;
    heard = false;
  }

  /** Waits until this node hears its heartbeat, at most {@code nanos}: a new node is ready once it does. */
  void awaitHeard(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (!heard && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void hear() {
    if (!heard || System.nanoTime() - lastHeardNanos > SILENCE_NANOS) {
      epoch = sequence.incrementAndGet(); // invalidations may have been missed while not hearing
    }
    lastHeardNanos = System.nanoTime();
    heard = true;
  }
}
