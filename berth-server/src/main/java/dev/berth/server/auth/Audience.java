package dev.berth.server.auth;

import java.util.Optional;

/**
 * The registry's service name and token realm: from {@code SERVER_HOSTNAME} and {@code PREFERRED_URL_SCHEME}
 * when configured (so they are right behind a load balancer), else from the request.
 */
record Audience(Optional<String> serverHostname, String preferredScheme) {

  /** The service name tokens are issued for and checked against. */
  String of(String requestHost) {
    return serverHostname.orElse(requestHost);
  }

  /** The absolute URL of the token endpoint. */
  String realm(String requestScheme, String requestHost) {
    return serverHostname.map(h -> preferredScheme + "://" + h).orElse(requestScheme + "://" + requestHost)
        + TokenRoutes.PATH;
  }
}
