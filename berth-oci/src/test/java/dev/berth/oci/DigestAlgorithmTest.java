package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestAlgorithmTest {

  @Test
  void byId_findsTheRegisteredAlgorithms() {
    assertThat(DigestAlgorithm.byId("sha256")).contains(DigestAlgorithm.SHA256);
    assertThat(DigestAlgorithm.byId("sha512")).contains(DigestAlgorithm.SHA512);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"SHA256", "Sha512", "sha384", "sha-256", "SHA-256", " sha256", "blake3"})
  void byId_unsupportedOrMiscased_isEmpty(String id) {
    assertThat(DigestAlgorithm.byId(id)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DigestAlgorithm.class)
  void hexLength_isTwiceTheHashLength(DigestAlgorithm algorithm) {
    assertThat(algorithm.hexLength()).isEqualTo(2 * algorithm.newMessageDigest().getDigestLength());
  }

  @ParameterizedTest
  @EnumSource(DigestAlgorithm.class)
  void toStringAndId_areTheWireName(DigestAlgorithm algorithm) {
    assertThat(algorithm.id()).isEqualTo(algorithm.name().toLowerCase(Locale.ROOT));
    assertThat(algorithm).hasToString(algorithm.id());
    assertThat(DigestAlgorithm.byId(algorithm.id())).contains(algorithm);
  }

  @Test
  void newMessageDigest_returnsIndependentHashers() {
    var first = DigestAlgorithm.SHA256.newMessageDigest();
    var second = DigestAlgorithm.SHA256.newMessageDigest();
    first.update("polluted".getBytes(StandardCharsets.UTF_8));

    assertThat(first).isNotSameAs(second);
    assertThat(Digest.of(DigestAlgorithm.SHA256, second.digest())).isEqualTo(Digest.sha256(new byte[0]));
  }
}
