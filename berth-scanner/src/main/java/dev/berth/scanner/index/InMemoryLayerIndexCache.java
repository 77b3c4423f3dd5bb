package dev.berth.scanner.index;

import dev.berth.scanner.layer.LayerIndex;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A least-recently-used map of layer indexes, guarded by its own lock. */
final class InMemoryLayerIndexCache implements LayerIndexCache {
  private final Map<String, LayerIndex> entries;

  InMemoryLayerIndexCache(int maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("cache size must be positive: " + maxEntries);
    }
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, LayerIndex> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public synchronized Optional<LayerIndex> get(String layerDigest) {
    return Optional.ofNullable(entries.get(layerDigest));
  }

  @Override
  public synchronized void put(LayerIndex index) {
    entries.put(index.digest(), index);
  }
}
