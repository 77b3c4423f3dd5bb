package dev.berth.oci;

/**
 * What names a manifest within a repository: a {@link Tag} or a {@link Digest}
 * (<a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests">spec, pulling
 * manifests</a>).
 */
public sealed interface Reference permits Tag, Digest {

  /**
   * Parses the {@code <reference>} path segment of a manifest URL: a digest when it contains a colon, a tag
   * otherwise.
   *
   * @throws RegistryException {@code DIGEST_INVALID} for a malformed or unsupported digest, {@code TAG_INVALID}
   *     for a malformed tag
   */
  static Reference parse(String s) {
    if (s != null && s.indexOf(':') >= 0) {
      return Digest.parse(s);
    }
    return Tag.parse(s);
  }

  /** The reference as it appears in a URL. */
  String value();
}
