package dev.berth.server.auth;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.access.Principal;
import dev.berth.server.access.RegistryAuthentication;
import java.util.Optional;

/**
 * Registry requests carry a bearer token from {@code /v2/auth}; requests with Basic credentials (curl) are
 * authenticated directly, and then the policy decides per request.
 */
final class TokenAuthentication implements RegistryAuthentication {
  private final TokenService tokens;
  private final Authenticator authenticator;
  private final Audience audience;

  TokenAuthentication(TokenService tokens, Authenticator authenticator, Audience audience) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.audience = audience;
  }

  @Override
  public Principal authenticate(Optional<String> authorization, String requestHost, String remoteAddress) {
    if (authorization.isEmpty()) {
      return Principal.anonymous();
    }
    String header = authorization.get();
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return tokens.verify(header.substring(7).trim(), audience.of(requestHost))
          .map(TokenService.Verified::principal)
          .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "invalid or expired token"));
    }
    Authenticator.Basic basic = Authenticator.basic(authorization)
        .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "unsupported authorization scheme"));
    return authenticator.authenticate(basic, remoteAddress).principal();
  }

  @Override
  public boolean required() {
    return true;
  }

  @Override
  public String challenge(String requestScheme, String requestHost, Optional<String> scope) {
    return "Bearer realm=\"" + audience.realm(requestScheme, requestHost) + "\",service=\""
        + audience.of(requestHost) + "\"" + scope.map(s -> ",scope=\"" + s + "\"").orElse("");
  }
}
