package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.storage.UploadId;
import java.util.Objects;

/** Row records of the registry's tables. */
final class Rows {
  private Rows() {}

  record RepositoryRow(long id, String name) {}

  record BlobRow(long id, Digest digest, long size) {}

  /** A manifest with its exact bytes, as served. */
  record ManifestRow(long id, Digest digest, String mediaType, byte[] content) {
    ManifestRow {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(content, "content");
    }
  }

  /** What the referrers API says of a manifest. */
  record ReferrerRow(Digest digest, String mediaType, long size, String artifactType, String annotationsJson) {}

  /**
   * An upload session.
   *
   * @param size bytes durably stored and hashed into {@code prefixDigest}
   * @param prefixDigest the hex digest, under {@code algorithm}, of the first {@code size} bytes
   */
  record UploadRow(UploadId id, long repositoryId, DigestAlgorithm algorithm, long size, String prefixDigest,
      long createdMs) {}

  record LiveTag(long tagId, long manifestId) {}
}
