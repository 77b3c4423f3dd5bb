package dev.berth.server.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What nodes share beside the database and the blob store: version stamps that tell every node when a cached
 * answer went stale, a channel of events, leases for work only one node should do at a time, and sliding windows
 * of event times that every node counts in (login throttling). Redis provides
 * it across nodes; without Redis an in-process implementation serves one node.
 *
 * <p>Failures never propagate as exceptions from {@link #stamp} or {@link #touch}: an unavailable coordinator
 * makes callers bypass their caches, and {@link #isHealthy()} reports it.
 */
public interface Coordination extends AutoCloseable {

  /**
   * This node's current stamp of {@code key}: an opaque value that stays the same between touches and is
   * different after every {@link #touch} of the key that returned before the read began, on whichever node it was
   * made. Stamps are a node's own: two nodes need not hand out the same value. A node that may have missed a touch
   * (it lost contact with the others) never hands out a stamp it handed out before.
   *
   * @return the stamp, or empty when this node cannot be sure it hears every touch (callers must not trust caches
   *     then)
   */
  Optional<String> stamp(String key);

  /**
   * Changes the stamp of {@code key} on every node, so their cached answers stamped earlier are stale; returns
   * once every node that hears has applied it (or a short timeout passed). Call it after the database change it
   * announces has committed, and before answering the client.
   *
   * @return false when the coordinator could not be reached (this node's stamp changed; the others are told when
   *     it can)
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

  /**
   * Records that an event happened now under {@code key}, in a sliding window that every node shares (failed
   * sign-ins of a user, say), kept for at least {@code window}. Best effort: while the coordinator cannot be
   * reached, the event is counted on this node only.
   */
  void recordEvent(String key, Duration window);

  /**
   * The times (epoch milliseconds) of the newest events recorded under {@code key} within {@code window} of now,
   * on any node: newest first, at most {@code max} of them. While the coordinator cannot be reached, this node's
   * own events.
   */
  List<Long> recentEvents(String key, Duration window, int max);

  /** Forgets every event recorded under {@code key}, on every node. Best effort, as {@link #recordEvent}. */
  void forgetEvents(String key);

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
