package dev.berth.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on registry responses that many tests share. */
public final class OciAssertions {
  private OciAssertions() {}

  /**
   * The response is an OCI error: {@code status}, {@code Content-Type: application/json}, the API version header,
   * and a body {@code {"errors":[{"code","message","detail"}]}} whose first code is {@code code}; no stack trace.
   */
  public static void assertOciError(OciClient.Response r, int status, String code) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertOciErrorBody(r);
    assertThat(r.errorCodes()).as("error codes of %s", r).first().isEqualTo(code);
  }

  /** The body is a well-formed OCI error body, whatever its code, and the response carries the API version. */
  public static void assertOciErrorBody(OciClient.Response r) {
    assertThat(r.header("Docker-Distribution-API-Version")).as("API version header of %s", r)
        .contains("registry/2.0");
    assertThat(r.header("Content-Type")).as("content type of %s", r).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/json"));
    assertNoStackTrace(r);
    JsonNode errors = r.json().get("errors");
    assertThat(errors).as("errors array of %s", r).isNotNull();
    assertThat(errors.isArray() && !errors.isEmpty()).as("non-empty errors array in %s", r).isTrue();
    for (JsonNode e : errors) {
      assertThat(e.path("code").isTextual()).as("code in %s", r).isTrue();
      assertThat(e.path("code").asText()).matches("[A-Z_]+");
      assertThat(e.path("message").isTextual()).as("message in %s", r).isTrue();
      assertThat(e.has("detail")).as("detail in %s", r).isTrue();
    }
  }

  /** A HEAD answer: {@code status}, the API version header, and no body. */
  public static void assertHeadStatus(OciClient.Response r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.header("Docker-Distribution-API-Version")).as("API version header of %s", r)
        .contains("registry/2.0");
    assertThat(r.body()).as("HEAD body").isEmpty();
  }

  /** Neither a Java stack trace nor an exception class name leaks into the body. */
  public static void assertNoStackTrace(OciClient.Response r) {
    assertThat(r.text()).as("body of %s", r)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("at dev.berth")
        .doesNotContain("org.eclipse.jetty")
        .doesNotContain("java.lang");
  }
}
