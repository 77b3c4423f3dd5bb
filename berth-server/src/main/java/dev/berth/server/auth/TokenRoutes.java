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
import java.util.function.Supplier;

/**
 * {@code /v2/auth}, the Docker token endpoint: {@code GET} with Basic credentials (a password, a robot token, or
 * {@code $app} with an app-specific token) or none, and the OAuth2 {@code POST} form with the {@code password}
 * and {@code refresh_token} grants, whose errors carry RFC 6749's codes. What is granted is the intersection of
 * what was asked and what the {@link AccessPolicy} allows: asking too much is down-scoped, never refused; asking
 * in a malformed way is refused (400), before any credential is checked.
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
    switch (ex.method()) {
      case "GET" -> get(ex, aud);
      case "POST" -> {
        try {
          post(ex, aud);
        } catch (RegistryException e) {
          throw OAuthError.onForm(e);
        }
      }
      default -> {
        ex.setHeader("Allow", "GET, POST");
        throw new RegistryException(ErrorCode.UNSUPPORTED, "method not allowed here");
      }
    }
  }

  /**
   * Who the request speaks for, and the refresh token it presented (the refresh grant), which is given back rather
   * than a new one, as Distribution's OAuth2 token spec has it: a fresh one would outlive what the old one was
   * bound to.
   */
  private record Grant(SignedIn signedIn, Optional<String> presentedRefresh) {}

  private void get(Exchange ex, String aud) throws IOException {
    List<Scope> scopes = Scope.parseAll(ex.queryValues("scope"), aud);
    respond(ex, new Grant(basicSignIn(ex), Optional.empty()), scopes, offlineToken(ex), aud);
  }

  private SignedIn basicSignIn(Exchange ex) {
    Optional<String> header = ex.header("Authorization");
    if (header.isEmpty()) {
      return SignedIn.anonymous();
    }
    Authenticator.Basic basic = Authenticator.basic(header)
        .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "use Basic credentials"));
    return authenticator.authenticate(basic, ex.remoteAddress());
  }

  /** The request is checked whole (grant, its fields, scopes) before credentials are, so none is spent on it. */
  private void post(Exchange ex, String aud) throws IOException {
    TokenForm form = TokenForm.read(ex, MAX_FORM_BYTES);
    String grantType = form.required("grant_type");
    Supplier<Grant> grant = switch (grantType) {
      case "password" -> {
        Authenticator.Basic basic = new Authenticator.Basic(form.required("username"),
            form.required("password").toCharArray());
        yield () -> new Grant(authenticator.authenticate(basic, ex.remoteAddress()), Optional.empty());
      }
      case "refresh_token" -> {
        String token = form.required("refresh_token");
        yield () -> new Grant(refreshed(token, aud), Optional.of(token));
      }
      default -> throw OAuthError.of(ErrorCode.BAD_REQUEST, OAuthError.UNSUPPORTED_GRANT_TYPE,
          "grant_type must be password or refresh_token",
          Map.of("grant_type", grantType.length() > 64 ? grantType.substring(0, 64) : grantType));
    };
    List<String> scopeValues = new ArrayList<>(ex.queryValues("scope"));
    scopeValues.addAll(form.all("scope"));
    List<Scope> scopes;
    try {
      scopes = Scope.parseAll(scopeValues, aud);
    } catch (RegistryException e) {
      throw OAuthError.tagged(e, OAuthError.INVALID_SCOPE);
    }
    boolean offline = form.single("access_type").filter("offline"::equals).isPresent() || offlineToken(ex);
    respond(ex, grant.get(), scopes, offline, aud);
  }

  private SignedIn refreshed(String token, String aud) {
    TokenService.Refresh refresh = tokens.verifyRefresh(token, aud)
        .orElseThrow(() -> new RegistryException(ErrorCode.UNAUTHORIZED, "invalid refresh token"));
    return authenticator.resume(refresh);
  }

  private static boolean offlineToken(Exchange ex) {
    return ex.query("offline_token").filter("true"::equalsIgnoreCase).isPresent();
  }

  private void respond(Exchange ex, Grant grant, List<Scope> scopes, boolean offline, String aud)
      throws IOException {
    Principal principal = grant.signedIn().principal();
    Map<String, Set<Action>> grants = new LinkedHashMap<>();
    boolean catalog = false;
    for (Scope scope : scopes) {
      catalog |= scope.isCatalog();
      if (scope.isRepository()) {
        grants.merge(scope.name(), granted(principal, scope), (x, y) -> {
          Set<Action> union = EnumSet.noneOf(Action.class);
          union.addAll(x);
          union.addAll(y);
          return union;
        });
      }
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

  /** What the policy allows of what the scope asks; actions Berth does not know are granted nothing. */
  private Set<Action> granted(Principal principal, Scope scope) {
    Set<Action> granted = EnumSet.noneOf(Action.class);
    for (Action a : access.allowed(principal, RepositoryName.parse(scope.name()))) {
      if (scope.actions().contains("*") || scope.actions().contains(a.scopeName())) {
        granted.add(a);
      }
    }
    return granted;
  }
}
