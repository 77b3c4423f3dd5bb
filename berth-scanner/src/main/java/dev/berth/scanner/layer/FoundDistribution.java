package dev.berth.scanner.layer;

import dev.berth.scanner.Distribution;
import java.util.Objects;

/**
 * A distribution release read from one file of a layer.
 *
 * @param path the file it was read from ({@code etc/os-release})
 * @param distribution what the file says
 */
public record FoundDistribution(String path, Distribution distribution) {
  public FoundDistribution {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(distribution, "distribution");
  }
}
