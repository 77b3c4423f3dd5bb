package dev.berth.server.access;

import java.util.Optional;

/** How registry requests ({@code /v2/}) say who they are: by a bearer token from {@code /v2/auth}, or not at all. */
public interface RegistryAuthentication {

  /**
   * The caller of a request.
   *
   * @param authorization the {@code Authorization} header, if any
   * @param requestHost the request's {@code Host}, used as the token audience when none is configured
   * @param remoteAddress the client's address, for throttling failed sign-ins
   * @return the principal: anonymous without a header, or the token's subject with its grants
   * @throws dev.berth.oci.RegistryException {@code UNAUTHORIZED} for a malformed, expired, tampered or foreign
   *     token, or a scheme other than Bearer
   */
  Principal authenticate(Optional<String> authorization, String requestHost, String remoteAddress);

  /** Whether {@code GET /v2/} without a token must be answered with a challenge. */
  boolean required();

  /**
   * The {@code WWW-Authenticate} value that sends a client to the token endpoint.
   *
   * @param requestScheme {@code http} or {@code https}, used when no base URL is configured
   * @param requestHost the request's {@code Host}, used when no base URL is configured
   * @param scope the scope the client should ask for ({@code repository:acme/app:pull,push}), if any
   */
  String challenge(String requestScheme, String requestHost, Optional<String> scope);

  /** No authentication ({@code AUTHENTICATION_TYPE: None}): every caller is anonymous and nothing is challenged. */
  static RegistryAuthentication none() {
    return new RegistryAuthentication() {
      @Override
      public Principal authenticate(Optional<String> authorization, String requestHost, String remoteAddress) {
        return Principal.anonymous();
      }

      @Override
      public boolean required() {
        return false;
      }

      @Override
      public String challenge(String requestScheme, String requestHost, Optional<String> scope) {
        return "";
      }
    };
  }
}
