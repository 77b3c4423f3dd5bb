package dev.berth.scanner.index;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image spec writes it ({@code algorithm:hex}, descriptor.md "Digests"), limited to
 * the registered algorithms sha256 and sha512. Parsing refuses anything else, which also keeps a crafted digest
 * from naming a file outside {@code blobs/}.
 */
record BlobDigest(String algorithm, String hex) {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  static BlobDigest parse(String digest) throws IOException {
    int colon = digest == null ? -1 : digest.indexOf(':');
    if (colon < 0) {
      throw new IOException("not a digest: " + digest);
    }
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    boolean valid = switch (algorithm) {
      case "sha256" -> SHA256.matcher(hex).matches();
      case "sha512" -> SHA512.matcher(hex).matches();
      default -> false;
    };
    if (!valid) {
      throw new IOException("unsupported or malformed digest: " + digest);
    }
    return new BlobDigest(algorithm, hex);
  }

  Path blobPath(Path layoutDir) {
    return layoutDir.resolve("blobs").resolve(algorithm).resolve(hex);
  }

  MessageDigest newHasher() {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has " + algorithm, e);
    }
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
