package dev.berth.server.registry;

import dev.berth.server.coordination.Coordination;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The node's cache of lookups on the hot read paths (tag or digest → manifest, digest → blob in repository).
 * Every entry carries the repository's stamp from {@link Coordination} as it was before the lookup ran; a write
 * to the repository changes the stamp (after its transaction commits and before the client is answered), so a
 * node — this one or any other — never serves an answer older than a write it could have seen. When the
 * coordinator is unreachable the cache is bypassed. Entries also expire after {@link #MAX_AGE_MS}, which bounds
 * staleness where stamps cannot: a node that writes while it cannot reach Redis (which the others still reach)
 * cannot tell them, and they would otherwise serve their cached answer until it is evicted. Only found answers
 * are cached.
 */
final class RepositoryCache {
  /** How long an entry is served at most: the bound on staleness when a writer could not announce its write. */
  static final long MAX_AGE_MS = 10_000;

  private record Entry(String stamp, Object value, long loadedMs) {}

  private final Coordination coordination;
  private final Clock clock;
  private final int maxEntries;
  private final Map<String, Map<String, Entry>> byRepository = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final RegistryModule.Telemetry telemetry;

  RepositoryCache(Coordination coordination, Clock clock, int maxEntries, RegistryModule.Telemetry telemetry) {
    this.coordination = coordination;
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.telemetry = telemetry;
  }

  /** The cached answer for {@code key} in {@code repository}, or the loader's (cached if found). */
  @SuppressWarnings("unchecked")
  <V> Optional<V> get(String repository, String key, Supplier<Optional<V>> loader) {
    Optional<String> stamp = coordination.stamp(stampKey(repository));
    if (stamp.isEmpty()) {
      telemetry.cacheMiss().run();
      return loader.get();
    }
    Map<String, Entry> entries = byRepository.get(repository);
    Entry hit = entries == null ? null : entries.get(key);
    long now = clock.millis();
    if (hit != null && hit.stamp().equals(stamp.get()) && now - hit.loadedMs() < MAX_AGE_MS) {
      telemetry.cacheHit().run();
      return Optional.of((V) hit.value());
    }
    telemetry.cacheMiss().run();
    Optional<V> loaded = loader.get();
    if (loaded.isPresent()) {
      if (size.incrementAndGet() > maxEntries) {
        byRepository.clear();
        size.set(1);
      }
      byRepository.computeIfAbsent(repository, r -> new ConcurrentHashMap<>())
          .put(key, new Entry(stamp.get(), loaded.get(), now));
    }
    return loaded;
  }

  /** Announces a committed write to the repository: every node's entries for it go stale. */
  void invalidate(String repository) {
    coordination.touch(stampKey(repository));
    Map<String, Entry> removed = byRepository.remove(repository);
    if (removed != null) {
      size.addAndGet(-removed.size());
    }
  }

  private static String stampKey(String repository) {
    return "repo:" + repository;
  }
}
