package dev.berth.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes errors in one place: the OCI JSON body under {@code /v2/} (with OAuth2's members added for errors of the
 * token endpoint's OAuth2 form), problem+json elsewhere.
 */
final class ErrorRenderer {
  private final ObjectMapper json;

  ErrorRenderer(ObjectMapper json) {
    this.json = json;
  }

  void render(Exchange exchange, RouteGroup.ErrorStyle style, RegistryException e) throws IOException {
    ErrorCode code = e.code();
    if (code == ErrorCode.TOOMANYREQUESTS) {
      Object retryAfter = e.detail().get("retryAfter");
      exchange.setHeader("Retry-After", retryAfter == null ? "1" : retryAfter.toString());
    }
    // Upload progress and download bounds travel in headers, not in the body.
    if (e.detail().get("range") instanceof String range) {
      exchange.setHeader("Range", range);
    }
    if (e.detail().get("contentRange") instanceof String contentRange) {
      exchange.setHeader("Content-Range", contentRange);
    }
    Map<String, Object> detail = new LinkedHashMap<>(e.detail());
    detail.remove("range");
    detail.remove("retryAfter");
    detail.remove("contentRange");
    Object oauthError = detail.remove("oauthError");
    Rendered r = oauthError instanceof String error && style == RouteGroup.ErrorStyle.OCI
        ? oauthBody(error, code, e.getMessage(), detail)
        : body(style, code.httpStatus(), code.name(), code.message(), e.getMessage(), detail);
    exchange.send(code.httpStatus(), r.contentType(), r.body());
  }

  /**
   * An error of the token endpoint's OAuth2 form: RFC 6749 §5.2's {@code error} and {@code error_description}
   * members, beside the OCI {@code errors} array that Docker's token clients read.
   */
  private Rendered oauthBody(String error, ErrorCode code, String message, Map<String, Object> detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", message);
    body.put("errors", List.of(ociError(code.name(), message, detail)));
    return new Rendered("application/json", json.writeValueAsBytes(body));
  }

  /** An error body and its content type. */
  record Rendered(String contentType, byte[] body) {}

  /**
   * An error body in {@code style}: {@code {"errors":[{"code","message","detail"}]}} for OCI, problem+json
   * otherwise.
   */
  Rendered body(RouteGroup.ErrorStyle style, int status, String code, String title, String message,
      Map<String, Object> detail) throws IOException {
    if (style == RouteGroup.ErrorStyle.PROBLEM) {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", title);
      problem.put("status", status);
      problem.put("detail", message);
      problem.put("code", code);
      return new Rendered("application/problem+json", json.writeValueAsBytes(problem));
    }
    return new Rendered("application/json",
        json.writeValueAsBytes(Map.of("errors", List.of(ociError(code, message, detail)))));
  }

  private static Map<String, Object> ociError(String code, String message, Map<String, Object> detail) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("detail", detail);
    return error;
  }
}
