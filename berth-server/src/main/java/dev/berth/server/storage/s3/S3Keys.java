package dev.berth.server.storage.s3;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.storage.UploadId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The object keys of a store, under its {@code storage_path} prefix:
 *
 * <pre>
 * &lt;prefix&gt;sha256/ab/abcdef…                     a blob, written once by one PUT, copy or multipart completion
 * &lt;prefix&gt;uploads/&lt;uuid&gt;/00000000000000000000   an upload's chunk holding its bytes from offset 0
 * &lt;prefix&gt;uploads/&lt;uuid&gt;/00000000000008388608   the next chunk, from offset 8388608, and so on
 * </pre>
 *
 * Offsets are zero-padded to 20 digits so that listing order is offset order.
 */
final class S3Keys {
  private static final int OFFSET_DIGITS = 20;

  private final String prefix;

  S3Keys(String prefix) {
    this.prefix = prefix;
  }

  String blob(Digest digest) {
    String hex = digest.encoded();
    return prefix + digest.algorithm().id() + "/" + hex.substring(0, 2) + "/" + hex;
  }

  /** The prefix all chunk keys of {@code id} start with. */
  String upload(UploadId id) {
    return prefix + "uploads/" + id.value() + "/";
  }

  String chunk(UploadId id, long start) {
    String digits = Long.toString(start);
    return upload(id) + "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
  }

  /** The start offset a chunk key of {@code id} names, or empty for a key that is no chunk. */
  OptionalLong chunkStart(UploadId id, String key) {
    String base = upload(id);
    if (!key.startsWith(base) || key.length() != base.length() + OFFSET_DIGITS) {
      return OptionalLong.empty();
    }
    String digits = key.substring(base.length());
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The prefixes under which this store starts multipart uploads: uploads and every blob algorithm. */
  List<String> multipartPrefixes() {
    List<String> prefixes = new ArrayList<>();
    prefixes.add(prefix + "uploads/");
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      prefixes.add(prefix + algorithm.id() + "/");
    }
    return prefixes;
  }
}
