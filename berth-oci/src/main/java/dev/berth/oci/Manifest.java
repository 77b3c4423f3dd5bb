package dev.berth.oci;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed manifest: an image manifest or an index. The registry stores the exact bytes that were pushed; this
 * is what it learned from them.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {

  /** The media type the manifest was pushed as. */
  String mediaType();

  /** The manifest's subject, when it refers to another manifest. */
  Optional<Descriptor> subject();

  /** The manifest's own {@code artifactType}, when it declares one. */
  Optional<String> artifactType();

  /** The manifest's annotations, possibly empty. */
  Map<String, String> annotations();

  /**
   * The artifact type the referrers API reports for this manifest: its own {@code artifactType}, else for an image
   * manifest its config's media type, else empty.
   */
  Optional<String> effectiveArtifactType();
}
