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
  private final Map<String, Long> leases = new ConcurrentHashMap<>();

  public InProcessCoordination(Clock clock) {
    this.clock = clock;
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
    long until = now + ttl.toMillis();
    boolean[] taken = {false};
    leases.compute(name, (k, current) -> {
      if (current == null || current <= now) {
        taken[0] = true;
        return until;
      }
      return current;
    });
    if (!taken[0]) {
      return Optional.empty();
    }
    return Optional.of(() -> leases.remove(name, until));
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
