package dev.berth.server.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per user name and per client address in a sliding window; once either reaches the
 * limit, further attempts are refused until the oldest failure leaves the window. Node-local: each node throttles
 * what it sees.
 */
final class LoginThrottle {
  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  private final int limit;
  private final long windowMs;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  LoginThrottle(Clock clock, int limit, long windowMs) {
    this.clock = clock;
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /**
   * Seconds the caller must wait before another attempt for this user or from this address; empty if none.
   *
   * @param user the user name tried; empty when the name is not a user's (app-specific tokens)
   */
  OptionalLong retryAfter(Optional<String> user, String address) {
    long now = clock.millis();
    long wait = Math.max(user.map(u -> waitMs("u:" + u, now)).orElse(0L), waitMs("a:" + address, now));
    return wait > 0 ? OptionalLong.of((wait + 999) / 1000) : OptionalLong.empty();
  }

  void failed(Optional<String> user, String address) {
    long now = clock.millis();
    if (failures.size() > MAX_KEYS) {
      failures.values().removeIf(d -> {
        synchronized (d) {
          return d.isEmpty() || d.peekLast() < now - windowMs;
        }
      });
    }
    user.ifPresent(u -> record("u:" + u, now));
    record("a:" + address, now);
  }

  /** A successful sign-in clears the user's failures (not the address's). */
  void succeeded(String user) {
    failures.remove("u:" + user);
  }

  private void record(String key, long now) {
    Deque<Long> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      prune(d, now);
      d.addLast(now);
    }
  }

  private long waitMs(String key, long now) {
    Deque<Long> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    synchronized (d) {
      prune(d, now);
      return d.size() >= limit ? d.peekFirst() + windowMs - now : 0;
    }
  }

  private void prune(Deque<Long> d, long now) {
    while (!d.isEmpty() && d.peekFirst() <= now - windowMs) {
      d.removeFirst();
    }
  }
}
