package dev.berth.server.auth;

import dev.berth.oci.ErrorCode;
import dev.berth.server.http.Exchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code application/x-www-form-urlencoded} body of an OAuth2 {@code POST} to the token endpoint, read as
 * <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1">RFC 6749 §3.1</a> has it: a parameter sent without a
 * value counts as omitted, and one that must be single may not be repeated. {@code scope} may be, as Berth's
 * {@code GET} allows.
 */
final class TokenForm {
  private final Map<String, List<String>> params;

  private TokenForm(Map<String, List<String>> params) {
    this.params = params;
  }

  /**
   * Reads and decodes the body.
   *
   * @throws dev.berth.oci.RegistryException {@code PAYLOAD_TOO_LARGE} over {@code maxBytes}, {@code BAD_REQUEST}
   *     ({@code invalid_request}) for a body that does not decode
   */
  static TokenForm read(Exchange ex, int maxBytes) throws IOException {
    String body = new String(ex.readSmallBody(maxBytes, ErrorCode.PAYLOAD_TOO_LARGE), StandardCharsets.UTF_8);
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException e) {
        throw OAuthError.of(ErrorCode.BAD_REQUEST, OAuthError.INVALID_REQUEST,
            "malformed form body: it must be application/x-www-form-urlencoded", Map.of());
      }
    }
    return new TokenForm(params);
  }

  /**
   * The value of a parameter sent at most once; empty when it is absent or has no value.
   *
   * @throws dev.berth.oci.RegistryException {@code BAD_REQUEST} ({@code invalid_request}) when it is repeated
   */
  Optional<String> single(String name) {
    List<String> values = params.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    if (values.size() > 1) {
      throw OAuthError.of(ErrorCode.BAD_REQUEST, OAuthError.INVALID_REQUEST, name + " is sent more than once",
          Map.of("parameter", name));
    }
    return values.stream().findFirst();
  }

  /**
   * The value of a parameter that must be sent once.
   *
   * @throws dev.berth.oci.RegistryException {@code BAD_REQUEST} ({@code invalid_request}) when it is absent, empty
   *     or repeated
   */
  String required(String name) {
    return single(name).orElseThrow(() -> OAuthError.of(ErrorCode.BAD_REQUEST, OAuthError.INVALID_REQUEST,
        name + " is required", Map.of("parameter", name)));
  }

  /** Every non-empty value of a parameter that may be repeated. */
  List<String> all(String name) {
    return params.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
  }
}
