package dev.berth.server.registry;

import dev.berth.server.storage.UploadId;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running hashes of uploads this node is receiving. A {@link MessageDigest} cannot be stored, so it lives
 * here; a node that lacks it (another node took the previous chunk, or this one restarted) rehashes the stored
 * prefix once. Entries idle for an hour are dropped, which only costs a rehash.
 */
final class HashStates {
  private static final long IDLE_MS = 3_600_000;
  private static final int SWEEP_ABOVE = 1_000;

  /** A running hash over the first {@code size} bytes of an upload. */
  record HashState(long size, MessageDigest digest, long touchedMs) {}

  private final Map<UploadId, HashState> states = new ConcurrentHashMap<>();
  private final Clock clock;

  HashStates(Clock clock) {
    this.clock = clock;
  }

  /** The state of {@code id} if this node holds it at exactly {@code size} bytes; it is removed from the map. */
  Optional<MessageDigest> take(UploadId id, long size) {
    HashState state = states.remove(id);
    if (state == null || state.size() != size) {
      return Optional.empty();
    }
    return Optional.of(state.digest());
  }

  void put(UploadId id, long size, MessageDigest digest) {
    long now = clock.millis();
    if (states.size() > SWEEP_ABOVE) {
      states.values().removeIf(s -> now - s.touchedMs() > IDLE_MS);
    }
    states.put(id, new HashState(size, digest, now));
  }

  void remove(UploadId id) {
    states.remove(id);
  }
}
