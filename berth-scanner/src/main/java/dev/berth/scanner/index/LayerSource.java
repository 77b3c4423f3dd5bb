package dev.berth.scanner.index;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** One layer of a manifest, as the caller can fetch it: from a blob store, an OCI layout or a registry. */
public interface LayerSource {

  /** The layer digest ({@code sha256:…}), also the key of its cached {@code LayerIndex}. */
  String digest();

  /** The layer media type from the manifest; a hint, the compression is told by the bytes. */
  String mediaType();

  /**
   * Opens the layer blob for one read from start to end. The caller of this method closes the stream.
   *
   * @throws IOException if the blob cannot be opened; a stream that verifies the digest throws when its end is
   *     reached and the bytes did not match
   */
  InputStream open() throws IOException;

  /** Opens a stream; may throw, unlike a Supplier. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** A layer source from its parts. */
  static LayerSource of(String digest, String mediaType, Opener opener) {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(opener, "opener");
    String type = Objects.requireNonNullElse(mediaType, "");
    return new LayerSource() {
      @Override
      public String digest() {
        return digest;
      }

      @Override
      public String mediaType() {
        return type;
      }

      @Override
      public InputStream open() throws IOException {
        return opener.open();
      }

      @Override
      public String toString() {
        return "LayerSource[" + digest + ", " + type + "]";
      }
    };
  }
}
