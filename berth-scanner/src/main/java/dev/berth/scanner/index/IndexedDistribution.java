package dev.berth.scanner.index;

import dev.berth.scanner.Distribution;
import java.util.Objects;

/**
 * The distribution of an image and where it was read.
 *
 * @param distribution the release
 * @param path the file it was read from ({@code etc/os-release})
 * @param layerDigest the layer that holds that file
 */
public record IndexedDistribution(Distribution distribution, String path, String layerDigest) {
  public IndexedDistribution {
    Objects.requireNonNull(distribution, "distribution");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(layerDigest, "layerDigest");
  }
}
