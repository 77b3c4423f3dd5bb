package dev.berth.oci;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A content digest {@code algorithm:encoded}
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">image-spec, digests</a>).
 * Only the registered algorithms sha256 and sha512 are accepted; their encoded part is lower-case hex of the
 * algorithm's exact length.
 */
public record Digest(DigestAlgorithm algorithm, String encoded) implements Reference, Comparable<Digest> {
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
  private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");
  private static final int MAX_LENGTH = 256;

  /**
   * @throws RegistryException {@code DIGEST_INVALID} when {@code encoded} is not lower-case hex of the right
   *     length
   */
  public Digest {
    if (algorithm == null) {
      throw invalid("missing digest algorithm", "");
    }
    if (encoded == null || encoded.length() != algorithm.hexLength() || !LOWER_HEX.matcher(encoded).matches()) {
      throw invalid("invalid " + algorithm.id() + " digest", algorithm.id() + ":" + Tag.safe(encoded));
    }
  }

  /**
   * Parses {@code algorithm:encoded}.
   *
   * @throws RegistryException {@code DIGEST_INVALID} for a malformed digest or an algorithm Berth does not
   *     support
   */
  public static Digest parse(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
      throw invalid("invalid digest", Tag.safe(s));
    }
    int colon = s.indexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw invalid("invalid digest", s);
    }
    String alg = s.substring(0, colon);
    if (!ALGORITHM.matcher(alg).matches()) {
      throw invalid("invalid digest algorithm", s);
    }
    DigestAlgorithm algorithm =
        DigestAlgorithm.byId(alg).orElseThrow(() -> invalid("unsupported digest algorithm " + alg, s));
    return new Digest(algorithm, s.substring(colon + 1));
  }

  /** Whether {@code s} parses as a supported digest. */
  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (RegistryException e) {
      return false;
    }
  }

  /** The digest of a finished hasher's output. */
  public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  /** The digest of {@code content} under {@code algorithm}. */
  public static Digest compute(DigestAlgorithm algorithm, byte[] content) {
    MessageDigest md = algorithm.newMessageDigest();
    return of(algorithm, md.digest(content));
  }

  /** The sha256 digest of {@code content}. */
  public static Digest sha256(byte[] content) {
    return compute(DigestAlgorithm.SHA256, content);
  }

  /** The sha256 digest of a UTF-8 string. */
  public static Digest sha256(String content) {
    return sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String value() {
    return algorithm.id() + ":" + encoded;
  }

  @Override
  public int compareTo(Digest o) {
    return value().compareTo(o.value());
  }

  @Override
  public String toString() {
    return value();
  }

  private static RegistryException invalid(String message, String digest) {
    return new RegistryException(ErrorCode.DIGEST_INVALID, message, Map.of("digest", Tag.safe(digest)));
  }
}
