package dev.berth.server.coordination;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What nodes share beside the database and the blob store: version stamps that tell every node when a cached
 * answer went stale, a channel of events, and leases for work only one node should do at a time. Redis provides
 * it across nodes; without Redis an in-process implementation serves one node.
 *
 * <p>Failures never propagate as exceptions from {@link #stamp} or {@link #touch}: an unavailable coordinator
 * makes callers bypass their caches, and {@link #isHealthy()} reports it.
 */
public interface Coordination extends AutoCloseable {

  /**
   * The current stamp of {@code key}: an opaque value that changes on every {@link #touch} and stays the same
   * between touches. A coordinator that loses its state (Redis restarted empty) must never give a key a stamp it
   * gave before, so that no answer cached before the loss is taken as current.
   *
   * @return the stamp, or empty when the coordinator cannot be reached (callers must not trust caches then)
   */
  Optional<String> stamp(String key);

  /**
   * Changes the stamp of {@code key}, so every node's cached answers stamped earlier are stale. Call it after the
   * database change it announces has committed, and before answering the client.
   *
   * @return false when the coordinator could not be reached (the change will be announced when it can)
   */
  boolean touch(String key);

  /** Publishes {@code message} to every node's subscribers of {@code channel}; best effort. */
  void publish(String channel, String message);

  /**
   * Subscribes to {@code channel} on this node.
   *
   * @return a handle that unsubscribes when closed
   */
  AutoCloseable subscribe(String channel, Consumer<String> listener);

  /**
   * Takes the lease {@code name} for {@code ttl} if no node holds it.
   *
   * @return the lease, or empty when another holder has it or the coordinator cannot be reached
   */
  Optional<Lease> tryLease(String name, Duration ttl);

  /** Whether the coordinator answers now. */
  boolean isHealthy();

  /** {@code in-process} or {@code redis}, for health reports. */
  String kind();

  @Override
  void close();

  /** A held lease; closing it releases it if it is still ours. */
  interface Lease extends AutoCloseable {
    /**
     * Extends the lease to {@code ttl} from now if it is still ours.
     *
     * @return false when it expired and may be another holder's now, or the coordinator cannot be reached
     */
    boolean renew(Duration ttl);

    @Override
    void close();
  }
}
