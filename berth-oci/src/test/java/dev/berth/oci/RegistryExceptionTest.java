package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryExceptionTest {

  @Test
  void carriesCodeMessageAndDetail() {
    RegistryException e =
        new RegistryException(ErrorCode.BLOB_UNKNOWN, "no such blob", Map.of("digest", "sha256:abc"));

    assertThat(e.code()).isEqualTo(ErrorCode.BLOB_UNKNOWN);
    assertThat(e.getMessage()).isEqualTo("no such blob");
    assertThat(e.detail().get("digest")).isEqualTo("sha256:abc");
    assertThat(e.detail()).hasSize(1);
    assertThat(e).isInstanceOf(RuntimeException.class);
  }

  @Test
  void withoutDetail_hasEmptyDetail() {
    RegistryException e = new RegistryException(ErrorCode.DENIED, "nope");

    assertThat(e.detail()).isEmpty();
  }

  @Test
  void nullOrEmptyMessage_fallsBackToTheCodesMessage() {
    assertThat(new RegistryException(ErrorCode.NAME_UNKNOWN, null).getMessage())
        .isEqualTo(ErrorCode.NAME_UNKNOWN.message());
    assertThat(new RegistryException(ErrorCode.NAME_UNKNOWN, "").getMessage())
        .isEqualTo("repository name not known to registry");
  }

  @Test
  void detail_isACopy() {
    Map<String, Object> detail = new HashMap<>(Map.of("a", 1));
    RegistryException e = new RegistryException(ErrorCode.SIZE_INVALID, "bad size", detail);

    detail.put("b", 2);

    assertThat(e.detail()).containsOnlyKeys("a");
    assertThatThrownBy(() -> e.detail().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullCode_isRefused() {
    assertThatThrownBy(() -> new RegistryException(null, "message")).isInstanceOf(NullPointerException.class);
  }
}
