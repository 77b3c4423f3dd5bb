package dev.berth.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.RegistryAuthentication;
import dev.berth.server.coordination.Coordination;
import dev.berth.server.http.RouteGroup;
import dev.berth.server.identity.IdentityModule;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The authentication feature's public door: the token endpoint and how registry requests are authenticated. */
public final class AuthModule {
  /**
   * Tunables of authentication.
   *
   * @param serverHostname {@code SERVER_HOSTNAME}, if configured
   * @param preferredScheme {@code PREFERRED_URL_SCHEME}
   * @param tokenLifetime how long a registry token is valid
   * @param failureLimit failed sign-ins per user or address before throttling
   * @param failureWindow the window those failures are counted in
   */
  public record Settings(Optional<String> serverHostname, String preferredScheme, Duration tokenLifetime,
      int failureLimit, Duration failureWindow) {}

  private final RouteGroup tokenRoutes;
  private final RegistryAuthentication registryAuthentication;

  private AuthModule(RouteGroup tokenRoutes, RegistryAuthentication registryAuthentication) {
    this.tokenRoutes = tokenRoutes;
    this.registryAuthentication = registryAuthentication;
  }

  /**
   * Wires authentication.
   *
   * @param coordination where failed sign-ins are counted, so that every node sees them
   */
  public static AuthModule create(IdentityModule identity, AccessPolicy access, SigningKey key,
      Coordination coordination, Clock clock, ObjectMapper json, Settings settings) {
    TokenService tokens = new TokenService(key, clock, settings.tokenLifetime());
    LoginThrottle throttle = new LoginThrottle(coordination, clock, settings.failureLimit(), settings.failureWindow());
    Authenticator authenticator = new Authenticator(identity.credentials(), identity.service(), throttle, clock);
    Audience audience = new Audience(settings.serverHostname(), settings.preferredScheme());
    return new AuthModule(
        new TokenRoutes(tokens, authenticator, access, audience, clock, json),
        new TokenAuthentication(tokens, authenticator, audience));
  }

  /** {@code /v2/auth}. */
  public RouteGroup tokenRoutes() {
    return tokenRoutes;
  }

  /** How {@code /v2/} requests are authenticated. */
  public RegistryAuthentication registryAuthentication() {
    return registryAuthentication;
  }
}
