package dev.berth.server.auth;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import java.util.HashMap;
import java.util.Map;

/**
 * The errors of the token endpoint's OAuth2 form, in the terms of
 * <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 §5.2</a>, which Distribution's OAuth2 token
 * spec points to. The code travels in the exception's detail, and the error renderer writes it as the body's
 * {@code error} member beside the OCI {@code errors} array, which Docker's token clients read.
 */
final class OAuthError {
  static final String INVALID_REQUEST = "invalid_request";
  static final String INVALID_GRANT = "invalid_grant";
  static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
  static final String INVALID_SCOPE = "invalid_scope";

  /** The detail key the error renderer turns into the {@code error} member. */
  private static final String DETAIL_KEY = "oauthError";

  private OAuthError() {}

  /** An error of the form with its RFC 6749 code; {@code message} is printable ASCII without quotes. */
  static RegistryException of(ErrorCode code, String error, String message, Map<String, ?> detail) {
    return tagged(new RegistryException(code, message, detail), error);
  }

  /**
   * {@code e} as an error of the form: a refused sign-in or refresh token is {@code invalid_grant} (still 401, so
   * clients that fall back from the form to {@code GET} on 401 keep doing so), an oversized body
   * {@code invalid_request}. Errors RFC 6749 has no code for (throttling, server errors) are left as they are, as
   * are errors already tagged.
   */
  static RegistryException onForm(RegistryException e) {
    if (e.detail().containsKey(DETAIL_KEY)) {
      return e;
    }
    return switch (e.code()) {
      case UNAUTHORIZED -> tagged(e, INVALID_GRANT);
      case PAYLOAD_TOO_LARGE -> tagged(e, INVALID_REQUEST);
      default -> e;
    };
  }

  /** {@code e} with the RFC 6749 code {@code error}. */
  static RegistryException tagged(RegistryException e, String error) {
    Map<String, Object> detail = new HashMap<>(e.detail());
    detail.put(DETAIL_KEY, error);
    return new RegistryException(e.code(), e.getMessage(), detail);
  }
}
