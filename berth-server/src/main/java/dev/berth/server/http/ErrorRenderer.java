package dev.berth.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes errors in one place: the OCI JSON body under {@code /v2/}, problem+json elsewhere. */
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
    if (style == RouteGroup.ErrorStyle.PROBLEM) {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", code.message());
      problem.put("status", code.httpStatus());
      problem.put("detail", e.getMessage());
      problem.put("code", code.name());
      exchange.send(code.httpStatus(), "application/problem+json", json.writeValueAsBytes(problem));
      return;
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.name());
    error.put("message", e.getMessage());
    Map<String, Object> detail = new LinkedHashMap<>(e.detail());
    detail.remove("range");
    detail.remove("retryAfter");
    detail.remove("contentRange");
    error.put("detail", detail);
    byte[] body = json.writeValueAsBytes(Map.of("errors", List.of(error)));
    exchange.send(code.httpStatus(), "application/json", body);
  }
}
