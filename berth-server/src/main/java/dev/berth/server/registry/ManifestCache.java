package dev.berth.server.registry;

import dev.berth.server.registry.Rows.ManifestRow;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The node's cache of manifest lookups, the hot path of every pull. Entries are grouped by repository and
 * dropped, a repository at a time, on every write that could change an answer (tag move or delete, manifest
 * delete). A per-repository generation counter keeps a lookup that raced a write from caching its stale answer.
 * Bounded: when full it is emptied, which only costs database reads.
 */
final class ManifestCache {
  private final int maxEntries;
  private final Map<String, Map<String, ManifestRow>> byRepository = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();

  ManifestCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The cached answer, or the loader's (cached unless a write to the repository happened meanwhile). */
  Optional<ManifestRow> get(String repository, String reference, Supplier<Optional<ManifestRow>> loader) {
    Map<String, ManifestRow> entries = byRepository.get(repository);
    ManifestRow hit = entries == null ? null : entries.get(reference);
    if (hit != null) {
      return Optional.of(hit);
    }
    AtomicLong generation = generations.computeIfAbsent(repository, r -> new AtomicLong());
    long before = generation.get();
    Optional<ManifestRow> loaded = loader.get();
    if (loaded.isPresent() && generation.get() == before) {
      if (size.incrementAndGet() > maxEntries) {
        byRepository.clear();
        size.set(1);
      }
      Map<String, ManifestRow> target = byRepository.computeIfAbsent(repository, r -> new ConcurrentHashMap<>());
      target.put(reference, loaded.get());
      if (generation.get() != before) {
        target.remove(reference); // a write landed while we loaded: our answer may be stale
      }
    }
    return loaded;
  }

  /** Drops every entry of the repository; call after the write commits. */
  void invalidate(String repository) {
    generations.computeIfAbsent(repository, r -> new AtomicLong()).incrementAndGet();
    Map<String, ManifestRow> removed = byRepository.remove(repository);
    if (removed != null) {
      size.addAndGet(-removed.size());
    }
  }
}
