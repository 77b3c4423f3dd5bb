package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorCodeTest {

  // The codes of distribution-spec v1.1, "Error Codes", with the statuses its endpoint tables and the peers use.
  @ParameterizedTest
  @CsvSource({
    "BLOB_UNKNOWN, 404",
    "BLOB_UPLOAD_INVALID, 400",
    "BLOB_UPLOAD_UNKNOWN, 404",
    "DIGEST_INVALID, 400",
    "MANIFEST_BLOB_UNKNOWN, 400", // the spec gives no status; Distribution, Quay and zot answer 400
    "MANIFEST_INVALID, 400",
    "MANIFEST_UNKNOWN, 404",
    "NAME_INVALID, 400",
    "NAME_UNKNOWN, 404",
    "SIZE_INVALID, 400",
    "UNAUTHORIZED, 401",
    "DENIED, 403",
    "UNSUPPORTED, 405",
    "TOOMANYREQUESTS, 429",
  })
  void ociCode_hasTheSpecStatus(String code, int status) {
    assertThat(ErrorCode.valueOf(code).httpStatus()).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource({
    "TAG_INVALID, 400",
    "PAGINATION_NUMBER_INVALID, 400",
    "RANGE_INVALID, 416",
    "MANIFEST_TOO_LARGE, 413",
    "NOT_FOUND, 404",
    "BAD_REQUEST, 400",
    "PAYLOAD_TOO_LARGE, 413",
    "UNAVAILABLE, 503",
    "UNKNOWN, 500",
  })
  void dockerAndRegistryCode_hasItsStatus(String code, int status) {
    assertThat(ErrorCode.valueOf(code).httpStatus()).isEqualTo(status);
  }

  @Test
  void firstFourteenCodes_areTheOciTableInOrder() {
    assertThat(Arrays.stream(ErrorCode.values()).limit(14).map(Enum::name))
        .containsExactly(
            "BLOB_UNKNOWN",
            "BLOB_UPLOAD_INVALID",
            "BLOB_UPLOAD_UNKNOWN",
            "DIGEST_INVALID",
            "MANIFEST_BLOB_UNKNOWN",
            "MANIFEST_INVALID",
            "MANIFEST_UNKNOWN",
            "NAME_INVALID",
            "NAME_UNKNOWN",
            "SIZE_INVALID",
            "UNAUTHORIZED",
            "DENIED",
            "UNSUPPORTED",
            "TOOMANYREQUESTS");
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyCode_isAnErrorStatusWithAMessage(ErrorCode code) {
    assertThat(code.httpStatus()).isBetween(400, 599);
    assertThat(code.message()).isNotBlank();
    assertThat(code.name()).matches("[A-Z_]+");
  }
}
