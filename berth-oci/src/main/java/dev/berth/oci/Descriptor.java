package dev.berth.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A content descriptor
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md">image-spec, descriptor</a>).
 *
 * @param mediaType the media type of the referenced content
 * @param digest its digest
 * @param size its size in bytes, never negative
 * @param artifactType the artifact type when the descriptor names one; empty otherwise
 * @param annotations its annotations, possibly empty
 * @param urls where non-distributable content may be fetched, possibly empty
 * @param platform the platform, for index entries that give one
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<String> artifactType,
    Map<String, String> annotations,
    List<String> urls,
    Optional<Platform> platform) {
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative descriptor size");
    }
    artifactType = Objects.requireNonNullElse(artifactType, Optional.empty());
    annotations = Map.copyOf(Objects.requireNonNullElse(annotations, Map.of()));
    urls = List.copyOf(Objects.requireNonNullElse(urls, List.of()));
    platform = Objects.requireNonNullElse(platform, Optional.empty());
  }

  /** A plain descriptor with no artifact type, annotations, urls or platform. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of(), List.of(), Optional.empty());
  }
}
