package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/vnd.oci.image.manifest.v1+json|application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.manifest.v1+json; charset=utf-8|application/vnd.oci.image.manifest.v1+json",
        "APPLICATION/VND.OCI.IMAGE.INDEX.V1+JSON|application/vnd.oci.image.index.v1+json",
        "'  application/json ; q=1 '|application/json",
        "application/json;|application/json",
        "';charset=utf-8'|''",
        "''|''",
      })
  void essence_dropsParametersAndCaseAndWhitespace(String header, String expected) {
    assertThat(MediaTypes.essence(header)).isEqualTo(expected);
  }

  @Test
  void essence_ofMissingHeader_isEmpty() {
    assertThat(MediaTypes.essence(null)).isEmpty();
  }

  @Test
  void essence_isLocaleIndependent() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr"));

      assertThat(MediaTypes.essence("APPLICATION/VND.OCI.IMAGE.INDEX.V1+JSON")).isEqualTo(MediaTypes.OCI_INDEX);
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void isIndex_recognisesOciIndexAndDockerList() {
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST)).isFalse();
    assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST)).isFalse();
    assertThat(MediaTypes.isIndex(null)).isFalse();
  }

  @Test
  void isImageManifest_recognisesOciManifestAndDockerSchema2() {
    assertThat(MediaTypes.isImageManifest(MediaTypes.OCI_MANIFEST)).isTrue();
    assertThat(MediaTypes.isImageManifest(MediaTypes.DOCKER_MANIFEST)).isTrue();
    assertThat(MediaTypes.isImageManifest(MediaTypes.OCI_INDEX)).isFalse();
    assertThat(MediaTypes.isImageManifest(MediaTypes.DOCKER_SCHEMA1)).isFalse();
    assertThat(MediaTypes.isImageManifest(null)).isFalse();
  }

  @Test
  void manifests_areExactlyTheFourStoredKinds() {
    assertThat(MediaTypes.MANIFESTS)
        .containsExactlyInAnyOrder(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
      })
  void isNonDistributable_foreignLayers_isTrue(String mediaType) {
    assertThat(MediaTypes.isNonDistributable(mediaType)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        MediaTypes.OCI_LAYER_TAR,
        MediaTypes.OCI_LAYER_GZIP,
        MediaTypes.OCI_LAYER_ZSTD,
        MediaTypes.DOCKER_LAYER_GZIP,
        MediaTypes.OCI_EMPTY,
      })
  void isNonDistributable_ordinaryLayers_isFalse(String mediaType) {
    assertThat(MediaTypes.isNonDistributable(mediaType)).isFalse();
  }

  @Test
  void constants_areTheRegisteredStrings() {
    assertThat(MediaTypes.OCI_EMPTY).isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(MediaTypes.OCI_CONFIG).isEqualTo("application/vnd.oci.image.config.v1+json");
    assertThat(MediaTypes.DOCKER_CONFIG).isEqualTo("application/vnd.docker.container.image.v1+json");
    assertThat(MediaTypes.DOCKER_SCHEMA1_SIGNED).isEqualTo("application/vnd.docker.distribution.manifest.v1+prettyjws");
  }
}
