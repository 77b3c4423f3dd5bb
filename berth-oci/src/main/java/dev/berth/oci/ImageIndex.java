package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image index or a Docker manifest list
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">image-spec, image index</a>).
 */
public record ImageIndex(
    String mediaType,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Optional<String> artifactType,
    Map<String, String> annotations)
    implements Manifest {
  public ImageIndex {
    Objects.requireNonNull(mediaType, "mediaType");
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  @Override
  public Optional<String> effectiveArtifactType() {
    return artifactType;
  }
}
