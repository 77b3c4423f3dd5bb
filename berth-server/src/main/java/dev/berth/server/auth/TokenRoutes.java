package dev.berth.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.Action;
import dev.berth.server.access.Principal;
import dev.berth.server.http.Exchange;
import dev.berth.server.http.RouteGroup;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v2/auth}, the Docker token endpoint: {@code GET} with Basic credentials (a password, a robot token, or
 * {@code $app} with an app-specific token) or none, and the OAuth2 {@code POST} form with the {@code password}
 * and {@code refresh_token} grants. What is granted is the intersection of what was asked and what the
 * {@link AccessPolicy} allows: asking too much is down-scoped, never refused.
 */
final class TokenRoutes implements RouteGroup {
  static final String PATH = "/v2/auth";
  private static final int MAX_FORM_BYTES = 64 * 1024;

  private final TokenService tokens;
  private final Authenticator authenticator;
  private final AccessPolicy access;
  private final Audience audience;
  private final Clock clock;
  private final ObjectMapper json;

  TokenRoutes(TokenService tokens, Authenticator authenticator, AccessPolicy access, Audience audience, Clock clock,
      ObjectMapper json) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.access = access;
    this.audience = audience;
    this.clock = clock;
    this.json = json;
  }

  @Override
  public boolean serves(String path) {
    return path.equals(PATH);
  }

  @Override
  public ErrorStyle errorStyle() {
    return ErrorStyle.OCI;
  }

  @Override
  public void handle(Exchange ex) throws IOException {
    ex.route("token");
    ex.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    ex.setHeader("Cache-Control", "no-store");
    String aud = audience.of(ex.authority());
    boolean post = ex.method().equals("POST");
    if (!post && !ex.method().equals("GET")) {
      ex.setHeader("Allow", "GET, POST");
      throw new RegistryException(ErrorCode.UNSUPPORTED, "method not allowed here");
    }
    Map<String, List<String>> params = post ? form(ex) : Map.of();
    List<String> scopes = new ArrayList<>(ex.queryValues("scope"));
    scopes.addAll(params.getOrDefault("scope", List.of()));
    Grant grant = post ? oauthGrant(ex, params, aud) : new Grant(basicSignIn(ex), Optional.empty());
    boolean offline = first(params, "access_type").filter("offline"::equals).isPresent()
        || ex.query("offline_token").filter("true"::equalsIgnoreCase).isPresent();
    respond(ex, grant, Scope.parseAll(scopes), offline, aud);
  }

  /**
   * Who the request speaks for, and the refresh token it presented (the refresh grant), which is given back rather
   * than a new one, as Distribution's OAuth2 token spec has it: a fresh one would outlive what the old one was
   * bound to.
   */
  private record Grant(SignedIn signedIn, Optional<String> presentedRefresh) {}

  private SignedIn basicSignIn(Exchange ex) {
    Optional<String> header = ex.header("Authorization");
    if (header.isEmpty()) {
      return SignedIn.anonymous();
    }
    Authenticator.Basic basic = Authenticator.basic(header)
        .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "use Basic credentials"));
    return authenticator.authenticate(basic, ex.remoteAddress());
  }

  private Grant oauthGrant(Exchange ex, Map<String, List<String>> params, String aud) {
    String grant = first(params, "grant_type").orElse("");
    switch (grant) {
      case "password" -> {
        String user = first(params, "username").orElse("");
        char[] password = first(params, "password").orElse("").toCharArray();
        return new Grant(authenticator.authenticate(new Authenticator.Basic(user, password), ex.remoteAddress()),
            Optional.empty());
      }
      case "refresh_token" -> {
        String token = first(params, "refresh_token").orElse("");
        TokenService.Refresh refresh = tokens.verifyRefresh(token, aud)
            .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "invalid refresh token"));
        return new Grant(authenticator.resume(refresh), Optional.of(token));
      }
      default -> throw new RegistryException(ErrorCode.UNSUPPORTED, "grant_type must be password or refresh_token");
    }
  }

  private void respond(Exchange ex, Grant grant, List<Scope> scopes, boolean offline, String aud)
      throws IOException {
    Principal principal = grant.signedIn().principal();
    Map<String, Set<Action>> grants = new LinkedHashMap<>();
    boolean catalog = false;
    for (Scope scope : scopes) {
      if (scope.type().equals(Scope.REGISTRY)) {
        catalog = true;
        continue;
      }
      Set<Action> allowed = access.allowed(principal, RepositoryName.parse(scope.name()));
      Set<Action> granted = EnumSet.noneOf(Action.class);
      for (Action a : allowed) {
        if (scope.actions().contains("*") || scope.actions().contains(a.scopeName())) {
          granted.add(a);
        }
      }
      grants.merge(scope.name(), granted, (x, y) -> {
        Set<Action> union = EnumSet.noneOf(Action.class);
        union.addAll(x);
        union.addAll(y);
        return union;
      });
    }
    Instant now = clock.instant();
    String token = tokens.issue(principal, grants, catalog, aud, now);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", tokens.lifetime().toSeconds());
    body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(now));
    if (offline && !principal.isAnonymous()) {
      body.put("refresh_token",
          grant.presentedRefresh().orElseGet(() -> tokens.issueRefresh(grant.signedIn(), aud, now)));
    }
    ex.send(200, "application/json", json.writeValueAsBytes(body));
  }

  private static Map<String, List<String>> form(Exchange ex) throws IOException {
    String body = new String(ex.readSmallBody(MAX_FORM_BYTES, ErrorCode.UNSUPPORTED), StandardCharsets.UTF_8);
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
        throw new RegistryException(ErrorCode.UNSUPPORTED, "malformed form body");
      }
    }
    return params;
  }

  private static Optional<String> first(Map<String, List<String>> params, String key) {
    List<String> values = params.get(key);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }
}
