package dev.berth.server.auth;

import dev.berth.server.coordination.Coordination;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Counts failed sign-ins per user name and per client address in a sliding window; once either reaches the
 * limit, further attempts are refused until the oldest failure of the last {@code limit} leaves the window. The
 * counts live in the {@link Coordination}, so with Redis every node counts the failures made on any node (an
 * attacker spreading guesses over the nodes behind a load balancer gains nothing); without Redis, or while it
 * cannot be reached, each node counts what it sees.
 */
final class LoginThrottle {
  private static final String PREFIX = "login-failures:";

  private final Coordination coordination;
  private final Clock clock;
  private final int limit;
  private final Duration window;

  LoginThrottle(Coordination coordination, Clock clock, int limit, Duration window) {
    this.coordination = coordination;
    this.clock = clock;
    this.limit = limit;
    this.window = window;
  }

  /**
   * What the throttle says of an attempt before it is checked.
   *
   * @param retryAfterSeconds how long the caller must wait before another attempt; empty if it may try now
   * @param userHasFailures whether failures of the user are being counted (a success then clears them)
   */
  record Verdict(OptionalLong retryAfterSeconds, boolean userHasFailures) {}

  /**
   * Whether an attempt for this user from this address may be checked now.
   *
   * @param user the user name tried; empty when the name is not a user's (app-specific tokens)
   */
  Verdict check(Optional<String> user, String address) {
    long now = clock.millis();
    List<Long> userFailures = user.map(u -> coordination.recentEvents(userKey(u), window, limit)).orElse(List.of());
    List<Long> addressFailures = coordination.recentEvents(addressKey(address), window, limit);
    long wait = Math.max(waitMs(userFailures, now), waitMs(addressFailures, now));
    return new Verdict(wait > 0 ? OptionalLong.of((wait + 999) / 1000) : OptionalLong.empty(),
        !userFailures.isEmpty());
  }

  void failed(Optional<String> user, String address) {
    user.ifPresent(u -> coordination.recordEvent(userKey(u), window));
    coordination.recordEvent(addressKey(address), window);
  }

  /** A successful sign-in clears the user's failures (not the address's), if {@code verdict} saw any. */
  void succeeded(String user, Verdict verdict) {
    if (verdict.userHasFailures()) {
      coordination.forgetEvents(userKey(user));
    }
  }

  /** Until the oldest of the newest {@code limit} failures leaves the window, if there are that many. */
  private long waitMs(List<Long> newestFirst, long now) {
    return newestFirst.size() >= limit ? Math.max(1, newestFirst.get(limit - 1) + window.toMillis() - now) : 0;
  }

  private static String userKey(String user) {
    return PREFIX + "u:" + user;
  }

  private static String addressKey(String address) {
    return PREFIX + "a:" + address;
  }
}
