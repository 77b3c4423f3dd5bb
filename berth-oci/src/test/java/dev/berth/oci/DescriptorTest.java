package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DescriptorTest {
  private static final Digest EMPTY_CONFIG = Digest.sha256("{}");

  @Test
  void of_hasNoOptionalParts() {
    Descriptor d = Descriptor.of(MediaTypes.OCI_EMPTY, EMPTY_CONFIG, 2);

    assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_EMPTY);
    assertThat(d.digest()).isEqualTo(EMPTY_CONFIG);
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.artifactType()).isEmpty();
    assertThat(d.annotations()).isEmpty();
    assertThat(d.urls()).isEmpty();
    assertThat(d.platform()).isEmpty();
  }

  @Test
  void constructor_nullOptionalParts_becomeEmpty() {
    Descriptor d = new Descriptor(MediaTypes.OCI_EMPTY, EMPTY_CONFIG, 2, null, null, null, null);

    assertThat(d).isEqualTo(Descriptor.of(MediaTypes.OCI_EMPTY, EMPTY_CONFIG, 2));
  }

  @Test
  void constructor_negativeSize_isRefused() {
    assertThatThrownBy(() -> Descriptor.of(MediaTypes.OCI_EMPTY, EMPTY_CONFIG, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_zeroAndMaximumSize_areAccepted() {
    assertThat(Descriptor.of(MediaTypes.OCI_LAYER_TAR, EMPTY_CONFIG, 0).size()).isZero();
    assertThat(Descriptor.of(MediaTypes.OCI_LAYER_TAR, EMPTY_CONFIG, Long.MAX_VALUE).size())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void constructor_missingMediaTypeOrDigest_isRefused() {
    assertThatThrownBy(() -> Descriptor.of(null, EMPTY_CONFIG, 2)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Descriptor.of(MediaTypes.OCI_EMPTY, null, 2))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void constructor_copiesCollections_soLaterChangesDoNotLeakIn() {
    Map<String, String> annotations = new HashMap<>(Map.of("k", "v"));
    List<String> urls = new ArrayList<>(List.of("https://example.com/blob"));

    Descriptor d =
        new Descriptor(
            MediaTypes.DOCKER_FOREIGN_LAYER, EMPTY_CONFIG, 2, Optional.empty(), annotations, urls, Optional.empty());
    annotations.put("k2", "v2");
    urls.add("https://example.com/other");

    assertThat(d.annotations()).containsOnlyKeys("k");
    assertThat(d.urls()).containsExactly("https://example.com/blob");
    assertThatThrownBy(() -> d.annotations().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.urls().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void platform_toString_omitsAnEmptyVariant() {
    assertThat(new Platform("linux", "amd64", null)).hasToString("linux/amd64");
    assertThat(new Platform("linux", "arm64", "v8")).hasToString("linux/arm64/v8");
  }
}
