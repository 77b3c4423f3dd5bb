package dev.berth.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms Berth verifies content with: those registered by the OCI image specification
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#registered-algorithms">image-spec,
 * registered algorithms</a>).
 */
public enum DigestAlgorithm {
  SHA256("sha256", "SHA-256", 64),
  SHA512("sha512", "SHA-512", 128);

  private final String id;
  private final String jcaName;
  private final int hexLength;

  DigestAlgorithm(String id, String jcaName, int hexLength) {
    this.id = id;
    this.jcaName = jcaName;
    this.hexLength = hexLength;
  }

  /** The algorithm as written in a digest ({@code sha256}). */
  public String id() {
    return id;
  }

  /** How many lower-case hex characters an encoded digest of this algorithm has. */
  public int hexLength() {
    return hexLength;
  }

  /** A fresh hasher for this algorithm. */
  public MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jcaName, e);
    }
  }

  /** The algorithm named {@code id} (case-sensitive, as digests are); empty if Berth does not support it. */
  public static Optional<DigestAlgorithm> byId(String id) {
    for (DigestAlgorithm a : values()) {
      if (a.id.equals(id)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id.toLowerCase(Locale.ROOT);
  }
}
