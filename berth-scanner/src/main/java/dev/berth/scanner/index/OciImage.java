package dev.berth.scanner.index;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image manifest chosen from an OCI layout, ready to index.
 *
 * @param manifestDigest the digest of the image manifest (not of the index that led to it)
 * @param layers the manifest's layers, bottom first; each verifies its digest while streaming
 * @param platform the platform the image's config names ({@code os}, {@code architecture}, {@code variant});
 *     empty when the layout lacks the config or the config does not say
 */
public record OciImage(String manifestDigest, List<LayerSource> layers, Optional<Platform> platform) {
  public OciImage {
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(platform, "platform");
    layers = List.copyOf(layers);
  }

  /** An image whose platform is not known. */
  public OciImage(String manifestDigest, List<LayerSource> layers) {
    this(manifestDigest, layers, Optional.empty());
  }
}
