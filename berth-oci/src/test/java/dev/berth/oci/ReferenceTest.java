package dev.berth.oci;

import static dev.berth.oci.OciAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
  private static final String DIGEST_HEX = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String DIGEST = "sha256:" + DIGEST_HEX;

  @Test
  void parse_withoutColon_isATag() {
    assertThat(Reference.parse("v1.0")).isEqualTo(Tag.parse("v1.0"));
  }

  @Test
  void parse_withColon_isADigest() {
    Reference ref = Reference.parse(DIGEST);

    assertThat(ref).isInstanceOf(Digest.class).isEqualTo(Digest.parse(DIGEST));
    assertThat(ref.value()).isEqualTo(DIGEST);
  }

  @Test
  void parse_sha512Digest_isADigest() {
    String sha512 = "sha512:" + "0".repeat(128);

    assertThat(Reference.parse(sha512)).isInstanceOf(Digest.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256:abc", "v1:2", "latest@" + DIGEST, "sha384:" + DIGEST_HEX + DIGEST_HEX, ":latest"})
  void parse_malformedWithColon_isDigestInvalid(String s) {
    assertRejected(ErrorCode.DIGEST_INVALID, () -> Reference.parse(s));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {".latest", "a/b", "latest@sha256"})
  void parse_malformedWithoutColon_isTagInvalid(String s) {
    assertRejected(ErrorCode.TAG_INVALID, () -> Reference.parse(s));
  }

  @Test
  void parse_resultCanBeSwitchedOnExhaustively() {
    String kind =
        switch (Reference.parse("latest")) {
          case Tag t -> "tag " + t.value();
          case Digest d -> "digest " + d.value();
        };

    assertThat(kind).isEqualTo("tag latest");
  }
}
