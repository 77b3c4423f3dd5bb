package dev.berth.scanner.index;

import dev.berth.scanner.layer.LayerIndex;
import java.util.Optional;

/**
 * Where layer indexes are kept between images, keyed by layer digest: a base layer shared by a thousand images
 * is read once. Implementations are thread-safe.
 */
public interface LayerIndexCache {

  /** The index stored for {@code layerDigest}, if any. */
  Optional<LayerIndex> get(String layerDigest);

  /** Stores {@code index} under {@link LayerIndex#digest()}, replacing any earlier one. */
  void put(LayerIndex index);

  /** An in-memory cache that keeps the {@code maxEntries} most recently used indexes. */
  static LayerIndexCache inMemory(int maxEntries) {
    return new InMemoryLayerIndexCache(maxEntries);
  }

  /** A cache that keeps nothing. */
  static LayerIndexCache none() {
    return new LayerIndexCache() {
      @Override
      public Optional<LayerIndex> get(String layerDigest) {
        return Optional.empty();
      }

      @Override
      public void put(LayerIndex index) {
        // keeps nothing
      }
    };
  }
}
