package dev.berth.oci;

import static dev.berth.oci.OciAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  // Vectors checked with sha256sum / sha512sum on the build machine.
  private static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String SHA256_E_ACUTE = "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c";
  private static final String SHA256_EMPTY_JSON_OBJECT =
      "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
  private static final String SHA512_ABC =
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";
  private static final String SHA512_EMPTY =
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

  @Test
  void parse_sha256_splitsAlgorithmAndEncoded() {
    Digest d = Digest.parse("sha256:" + SHA256_ABC);

    assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
    assertThat(d.encoded()).isEqualTo(SHA256_ABC);
    assertThat(d.value()).isEqualTo("sha256:" + SHA256_ABC);
    assertThat(d).hasToString("sha256:" + SHA256_ABC);
  }

  @Test
  void parse_sha512_isSupported() {
    Digest d = Digest.parse("sha512:" + SHA512_ABC);

    assertThat(d.algorithm()).isEqualTo(DigestAlgorithm.SHA512);
    assertThat(d.encoded()).isEqualTo(SHA512_ABC);
  }

  @Test
  void parse_upperCaseHex_isDigestInvalid() {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse("sha256:" + SHA256_ABC.toUpperCase(Locale.ROOT)));
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse("sha256:B" + SHA256_ABC.substring(1)));
  }

  @Test
  void parse_upperCaseAlgorithm_isDigestInvalid() {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse("SHA256:" + SHA256_ABC));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 65, 128})
  void parse_sha256WithWrongLength_isDigestInvalid(int length) {
    String encoded = "a".repeat(length);

    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse("sha256:" + encoded));
  }

  @Test
  void parse_sha512WithSha256Length_isDigestInvalid() {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse("sha512:" + SHA256_ABC));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha256" + SHA256_ABC, // missing colon
        SHA256_ABC, // encoded part only
        ":" + SHA256_ABC, // empty algorithm
        "sha256:", // empty encoded part
        ":",
        "::",
        "sha256:" + SHA256_ABC + ":", // extra colon
        "sha256:sha256:" + SHA256_ABC,
        "sha256::" + SHA256_ABC,
      })
  void parse_malformedStructure_isDigestInvalid(String s) {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(s));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void parse_nullOrEmpty_isDigestInvalid(String s) {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(s));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha384:" + SHA256_ABC + SHA256_ABC, // registered nowhere we support, well formed
        "blake3:" + SHA256_ABC,
        "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
        "md5:900150983cd24fb0d6963f7d28e17f72",
      })
  void parse_wellFormedButUnsupportedAlgorithm_isDigestInvalid(String s) {
    RegistryException e = assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(s));

    assertThat(e.getMessage()).contains("unsupported");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha_:", // separator at the end
        "_sha256:",
        "-sha256:",
        "sha..256:",
        "sha 256:",
        "sha256 :",
        "Sha256:",
        "sha/256:",
        "sha256\u0000:",
      })
  void parse_malformedAlgorithm_isDigestInvalid(String prefix) {
    RegistryException e = assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(prefix + SHA256_ABC));

    assertThat(e.getMessage()).doesNotContain("unsupported");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " sha256:" + SHA256_ABC,
        "sha256:" + SHA256_ABC + " ",
        "sha256:" + SHA256_ABC + "\n",
        "sha256: " + SHA256_ABC,
        "sha256:" + SHA256_ABC + "\u0000",
      })
  void parse_surroundingWhitespaceOrControlCharacters_isDigestInvalid(String s) {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(s));
  }

  @ParameterizedTest
  @MethodSource("nonAsciiLookalikes")
  void parse_nonAsciiLookalikes_isDigestInvalid(String s) {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(s));
  }

  static Stream<String> nonAsciiLookalikes() {
    String tail = SHA256_ABC.substring(1);
    return Stream.of(
        "\u0455ha256:" + SHA256_ABC, // Cyrillic dze looks like s
        "sha256:\u00e9" + tail,
        "sha256:\uff41" + tail, // full-width a
        "sha256:\u0661" + tail, // Arabic-Indic digit one
        "sha256:\ud83d\ude00" + SHA256_ABC.substring(2)); // an emoji: two UTF-16 units
  }

  @Test
  void parse_tenKilobytes_isDigestInvalidWithBoundedDetail() {
    String huge = "sha256:" + "a".repeat(10 * 1024);

    RegistryException e = assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse(huge));

    assertThat(String.valueOf(e.detail().get("digest"))).hasSizeLessThanOrEqualTo(257);
    assertThat(e.getMessage()).hasSizeLessThan(300);
  }

  @Test
  void parse_rejection_namesTheDigestInDetail() {
    RegistryException e = assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.parse("sha256:abc"));

    assertThat(e.detail().get("digest")).isEqualTo("sha256:abc");
    assertThat(e.code().httpStatus()).isEqualTo(400);
  }

  @Test
  void isValid_agreesWithParse() {
    assertThat(Digest.isValid("sha256:" + SHA256_ABC)).isTrue();
    assertThat(Digest.isValid("sha512:" + SHA512_ABC)).isTrue();
    assertThat(Digest.isValid("sha256:" + SHA256_ABC.substring(1))).isFalse();
    assertThat(Digest.isValid("sha384:" + SHA256_ABC + SHA256_ABC)).isFalse();
    assertThat(Digest.isValid(null)).isFalse();
  }

  @Test
  void compute_sha256_matchesKnownVectors() {
    assertThat(Digest.sha256(new byte[0]).encoded()).isEqualTo(SHA256_EMPTY);
    assertThat(Digest.sha256("abc").encoded()).isEqualTo(SHA256_ABC);
    assertThat(Digest.sha256("{}").encoded()).isEqualTo(SHA256_EMPTY_JSON_OBJECT);
    assertThat(Digest.compute(DigestAlgorithm.SHA256, bytes("abc")).value()).isEqualTo("sha256:" + SHA256_ABC);
  }

  @Test
  void compute_sha512_matchesKnownVectors() {
    assertThat(Digest.compute(DigestAlgorithm.SHA512, bytes("abc")).value()).isEqualTo("sha512:" + SHA512_ABC);
    assertThat(Digest.compute(DigestAlgorithm.SHA512, new byte[0]).encoded()).isEqualTo(SHA512_EMPTY);
  }

  @Test
  void sha256OfString_hashesUtf8Bytes() {
    assertThat(Digest.sha256("é").encoded()).isEqualTo(SHA256_E_ACUTE);
  }

  @Test
  void of_hashOfWrongLength_isDigestInvalid() {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.of(DigestAlgorithm.SHA512, new byte[32]));
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Digest.of(DigestAlgorithm.SHA256, new byte[31]));
  }

  @Test
  void of_finishedHasher_equalsCompute() {
    var md = DigestAlgorithm.SHA256.newMessageDigest();
    md.update(bytes("a"));
    md.update(bytes("bc"));

    assertThat(Digest.of(DigestAlgorithm.SHA256, md.digest())).isEqualTo(Digest.sha256("abc"));
  }

  @Test
  void constructor_withoutAlgorithm_isDigestInvalid() {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> new Digest(null, SHA256_ABC));
  }

  @Test
  void constructor_withoutEncoded_isDigestInvalid() {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> new Digest(DigestAlgorithm.SHA256, null));
  }

  @Test
  void equality_isByValue() {
    assertThat(Digest.parse("sha256:" + SHA256_ABC))
        .isEqualTo(new Digest(DigestAlgorithm.SHA256, SHA256_ABC))
        .hasSameHashCodeAs(Digest.sha256("abc"))
        .isNotEqualTo(Digest.parse("sha256:" + SHA256_EMPTY));
  }

  @Test
  void compareTo_ordersByTextualValue() {
    List<Digest> digests =
        new ArrayList<>(
            List.of(
                Digest.parse("sha512:" + SHA512_ABC),
                Digest.parse("sha256:" + SHA256_EMPTY),
                Digest.parse("sha256:" + SHA256_ABC)));

    digests.sort(null);

    assertThat(digests)
        .extracting(Digest::value)
        .containsExactly("sha256:" + SHA256_ABC, "sha256:" + SHA256_EMPTY, "sha512:" + SHA512_ABC);
  }

  @Property
  void computedDigest_roundTripsThroughParse(
      @ForAll @Size(max = 512) byte[] content, @ForAll DigestAlgorithm algorithm) {
    Digest computed = Digest.compute(algorithm, content);

    assertThat(Digest.parse(computed.value())).isEqualTo(computed);
    assertThat(computed.encoded()).hasSize(algorithm.hexLength());
  }

  @Property
  void wellFormedDigest_parsesToItsOwnValue(@ForAll("wellFormedDigests") String s) {
    assertThat(Digest.parse(s).value()).isEqualTo(s);
  }

  @Property
  void arbitraryString_isValidOnlyIfItMatchesTheRegisteredGrammar(@ForAll("digestLikeStrings") String s) {
    boolean grammatical = s.matches("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    assertThat(Digest.isValid(s)).isEqualTo(grammatical);
  }

  @Provide
  Arbitrary<String> wellFormedDigests() {
    return Arbitraries.of(DigestAlgorithm.values())
        .flatMap(
            alg ->
                Arbitraries.strings()
                    .withChars("0123456789abcdef")
                    .ofLength(alg.hexLength())
                    .map(hex -> alg.id() + ":" + hex));
  }

  @Provide
  Arbitrary<String> digestLikeStrings() {
    Arbitrary<String> prefix = Arbitraries.of("sha256:", "sha512:", "sha384:", "SHA256:", "sha256", ":", "");
    Arbitrary<String> body =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(60).ofMaxLength(130),
            Arbitraries.strings().withChars("0123456789abcdefABCDEF:g -é").ofMaxLength(130));
    return Arbitraries.oneOf(wellFormedDigests(), prefix.flatMap(p -> body.map(b -> p + b)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
