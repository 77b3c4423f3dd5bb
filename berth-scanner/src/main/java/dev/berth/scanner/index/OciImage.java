package dev.berth.scanner.index;

import java.util.List;
import java.util.Objects;

/**
 * An image manifest chosen from an OCI layout, ready to index.
 *
 * @param manifestDigest the digest of the image manifest (not of the index that led to it)
 * @param layers the manifest's layers, bottom first; each verifies its digest while streaming
 */
public record OciImage(String manifestDigest, List<LayerSource> layers) {
  public OciImage {
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    layers = List.copyOf(layers);
  }
}
