package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image manifest or a Docker schema 2 manifest
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/manifest.md">image-spec, manifest</a>).
 */
public record ImageManifest(
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    Optional<Descriptor> subject,
    Optional<String> artifactType,
    Map<String, String> annotations)
    implements Manifest {
  public ImageManifest {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }

  @Override
  public Optional<String> effectiveArtifactType() {
    return artifactType.isPresent() ? artifactType : Optional.of(config.mediaType());
  }
}
