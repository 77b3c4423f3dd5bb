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
import dev.berth.server.identity.Account;
import dev.berth.server.identity.IdentityService;
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
  private final IdentityService identities;
  private final AccessPolicy access;
  private final Audience audience;
  private final Clock clock;
  private final ObjectMapper json;

  TokenRoutes(TokenService tokens, Authenticator authenticator, IdentityService identities, AccessPolicy access,
      Audience audience, Clock clock, ObjectMapper json) {
    this.tokens = tokens;
    this.authenticator = authenticator;
    this.identities = identities;
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
    Principal principal = post ? oauthPrincipal(ex, params, aud) : basicPrincipal(ex);
    boolean offline = first(params, "access_type").filter("offline"::equals).isPresent()
        || ex.query("offline_token").filter("true"::equalsIgnoreCase).isPresent();
    respond(ex, principal, Scope.parseAll(scopes), offline, aud);
  }

  private Principal basicPrincipal(Exchange ex) {
    Optional<String> header = ex.header("Authorization");
    if (header.isEmpty()) {
      return Principal.anonymous();
    }
    Authenticator.Basic basic = Authenticator.basic(header)
        .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "use Basic credentials"));
    return authenticator.authenticate(basic, ex.remoteAddress()).principal();
  }

  private Principal oauthPrincipal(Exchange ex, Map<String, List<String>> params, String aud) {
    String grant = first(params, "grant_type").orElse("");
    switch (grant) {
      case "password" -> {
        String user = first(params, "username").orElse("");
        char[] password = first(params, "password").orElse("").toCharArray();
        return authenticator.authenticate(new Authenticator.Basic(user, password), ex.remoteAddress()).principal();
      }
      case "refresh_token" -> {
        String token = first(params, "refresh_token").orElse("");
        TokenService.Refresh refresh = tokens.verifyRefresh(token, aud)
            .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "invalid refresh token"));
        Account a = identities.account(refresh.accountId())
            .filter(Account::enabled)
            .filter(acc -> acc.credentialVersion() == refresh.credentialVersion())
            .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "invalid refresh token"));
        return Principal.account(a.kind() == Account.Kind.ROBOT ? Principal.Kind.ROBOT : Principal.Kind.USER,
            a.name(), a.id(), a.superuser());
      }
      default -> throw new RegistryException(ErrorCode.UNSUPPORTED, "grant_type must be password or refresh_token");
    }
  }

  private void respond(Exchange ex, Principal principal, List<Scope> scopes, boolean offline, String aud)
      throws IOException {
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
      long version = identities.account(principal.accountId()).map(Account::credentialVersion).orElse(0L);
      body.put("refresh_token", tokens.issueRefresh(principal.accountId(), version, aud, now));
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
