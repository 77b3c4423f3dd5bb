package dev.berth.server.coordination;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Coordination within one node: enough for a single Berth, wrong for several (use Redis then). */
public final class InProcessCoordination implements Coordination {
  private final Clock clock;
  private final Map<String, AtomicLong> stamps = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private final Map<String, Holder> leases = new ConcurrentHashMap<>();
  private final LocalEventWindows events;

  private record Holder(Object token, long untilMs) {}

  public InProcessCoordination(Clock clock) {
    this.clock = clock;
    this.events = new LocalEventWindows(clock);
  }

  @Override
  public Optional<String> stamp(String key) {
    AtomicLong stamp = stamps.get(key);
    return Optional.of(stamp == null ? "0" : Long.toString(stamp.get())); // "0" also while touch() creates it
  }

  @Override
  public boolean touch(String key) {
    stamps.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    return true;
  }

  @Override
  public void publish(String channel, String message) {
    for (Consumer<String> listener : subscribers.getOrDefault(channel, List.of())) {
      listener.accept(message);
    }
  }

  @Override
  public AutoCloseable subscribe(String channel, Consumer<String> listener) {
    subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    return () -> subscribers.getOrDefault(channel, List.of()).remove(listener);
  }

  @Override
  public Optional<Lease> tryLease(String name, Duration ttl) {
    long now = clock.millis();
    Object token = new Object();
    Holder mine = new Holder(token, now + ttl.toMillis());
    Holder holder = leases.compute(name, (k, current) -> current == null || current.untilMs() <= now ? mine : current);
    if (holder != mine) {
      return Optional.empty();
    }
    return Optional.of(new Lease() {
      @Override
      public boolean renew(Duration extension) {
        long at = clock.millis();
        Holder renewed = leases.computeIfPresent(name, (k, current) -> current.token() == token && current.untilMs() > at
            ? new Holder(token, at + extension.toMillis()) : current);
        return renewed != null && renewed.token() == token;
      }

      @Override
      public void close() {
        leases.computeIfPresent(name, (k, current) -> current.token() == token ? null : current);
      }
    });
  }

  @Override
  public void recordEvent(String key, Duration window) {
    events.record(key, window);
  }

  @Override
  public List<Long> recentEvents(String key, Duration window, int max) {
    return events.recent(key, window, max);
  }

  @Override
  public void forgetEvents(String key) {
    events.forget(key);
  }

  @Override
  public boolean isHealthy() {
    return true;
  }

  @Override
  public String kind() {
    return "in-process";
  }

  @Override
  public void close() {
    subscribers.clear();
  }
}
