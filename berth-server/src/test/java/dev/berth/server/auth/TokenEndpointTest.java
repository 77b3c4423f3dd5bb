package dev.berth.server.auth;

import static dev.berth.server.testing.RegistryClient.access;
import static dev.berth.server.testing.RegistryClient.actions;
import static dev.berth.server.testing.RegistryClient.basic;
import static dev.berth.server.testing.RegistryClient.claims;
import static dev.berth.server.testing.RegistryClient.json;
import static dev.berth.server.testing.RegistryClient.scopeQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.berth.server.identity.IdentityService;
import dev.berth.server.identity.Role;
import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v2/auth}: who gets which token, in which form, and who gets none. */
class TokenEndpointTest {
  static TestRegistry registry;
  static Accounts accounts;
  static RegistryClient client;
  static String robotToken;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "REGISTRY_TOKEN_EXPIRATION_S", 600,
        "LOGIN_FAILURE_LIMIT", 1000));
    accounts = Accounts.of(registry);
    client = new RegistryClient(registry.base());
    for (String u : List.of("alice", "bob", "carol", "dave", "erin")) {
      accounts.user(u);
    }
    String push = client.token("alice", Accounts.password("alice"), "repository:alice/app:pull,push",
        "repository:alice/pub:pull,push");
    client.push("alice/app", "v1", push);
    client.push("alice/pub", "v1", push);
    accounts.publish("alice/pub");
    accounts.grant("alice/app", "bob", Role.READ);
    robotToken = accounts.robot("alice+ci");
    accounts.grant("alice/app", "alice+ci", Role.READ);
    accounts.service().setEnabled("carol", false);
  }

  @AfterAll
  static void stop() throws Exception {
    accounts.close();
    registry.close();
  }

  private static JsonNode tokenBody(String user, String secret, String... scopes) throws Exception {
    HttpResponse<String> r = client.tokenRequest(Optional.of(basic(user, secret)), scopeQuery(scopes));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body());
  }

  @Test
  void getWithPassword_answersTokenAccessTokenExpiresInAndRfc3339IssuedAt() throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> r = client.tokenRequest(Optional.of(basic("alice", Accounts.password("alice"))),
        scopeQuery("repository:alice/app:pull"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith(
        "application/json"));
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = json(r.body());
    assertThat(body.get("token").asText()).isNotEmpty().isEqualTo(body.get("access_token").asText());
    assertThat(body.get("expires_in").asLong()).isEqualTo(600);
    Instant issued = OffsetDateTime.parse(body.get("issued_at").asText()).toInstant(); // RFC 3339
    assertThat(issued).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(body.has("refresh_token")).as("no refresh token unless asked").isFalse();
  }

  @Test
  void token_isRs256JwtSignedByTheDataDirKey_withDockerClaims() throws Exception {
    JsonNode body = tokenBody("alice", Accounts.password("alice"), "repository:alice/app:pull,push");
    String token = body.get("token").asText();

    JWSObject jws = JWSObject.parse(token);
    assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    SigningKey key = SigningKey.load(registry.dataDir().resolve("token-signing.pem"));
    assertThat(jws.getHeader().getKeyID()).isEqualTo(key.jwk().getKeyID());
    assertThat(jws.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.jwk().toRSAPublicKey()))).isTrue();

    JWTClaimsSet c = claims(token);
    assertThat(c.getIssuer()).isEqualTo("berth");
    assertThat(c.getSubject()).isEqualTo("alice");
    assertThat(c.getAudience()).containsExactly(registry.hostPort());
    assertThat(c.getIssueTime().toInstant()).isEqualTo(OffsetDateTime.parse(body.get("issued_at").asText())
        .toInstant().truncatedTo(ChronoUnit.SECONDS));
    assertThat(Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofSeconds(600));
    assertThat(c.getNotBeforeTime()).isBeforeOrEqualTo(c.getIssueTime());
    assertThat(c.getJWTID()).isNotBlank();
    assertThat(access(token)).containsExactly(Map.entry("alice/app", List.of("pull", "push")));

    String again = client.token("alice", Accounts.password("alice"), "repository:alice/app:pull");
    assertThat(claims(again).getJWTID()).as("every token has its own jti").isNotEqualTo(c.getJWTID());
  }

  @Test
  void askingMoreThanAllowed_isDownScoped_notRefused() throws Exception {
    HttpResponse<String> r = client.tokenRequest(Optional.of(basic("bob", Accounts.password("bob"))),
        scopeQuery("repository:alice/app:pull,push,delete"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(access(json(r.body()).get("token").asText()))
        .containsExactly(Map.entry("alice/app", List.of("pull")));
  }

  @Test
  void repeatedScopeParameters_andSpaceSeparatedScopes_areEachAnswered() throws Exception {
    String repeated = client.token("alice", Accounts.password("alice"), "repository:alice/app:pull",
        "repository:alice/pub:push");
    assertThat(access(repeated)).containsOnly(Map.entry("alice/app", List.of("pull")),
        Map.entry("alice/pub", List.of("push")));

    String spaced = client.token("alice", Accounts.password("alice"),
        "repository:alice/app:pull repository:alice/pub:push");
    assertThat(access(spaced)).containsOnly(Map.entry("alice/app", List.of("pull")),
        Map.entry("alice/pub", List.of("push")));

    String merged = client.token("alice", Accounts.password("alice"), "repository:alice/app:pull",
        "repository:alice/app:delete");
    assertThat(actions(merged, "alice/app")).containsExactly("pull", "delete");
  }

  @Test
  void starScope_grantsEverythingThePrincipalMayDo() throws Exception {
    assertThat(actions(client.token("alice", Accounts.password("alice"), "repository:alice/app:*"), "alice/app"))
        .containsExactly("pull", "push", "delete");
    assertThat(actions(client.token("bob", Accounts.password("bob"), "repository:alice/app:*"), "alice/app"))
        .containsExactly("pull");
  }

  @Test
  void catalogScope_andWellFormedScopesBerthDoesNotGrant_areAnsweredWithoutError() throws Exception {
    // Malformed scopes are refused (TokenRequestErrorsTest); asking for what Berth does not grant is down-scoped.
    String token = client.token("alice", Accounts.password("alice"), "registry:catalog:*", "volume:x:pull",
        "registry:other:*", "repository:alice/app:frobnicate", "repository(plugin):alice/pub:pull");
    assertThat(access(token)).containsOnly(Map.entry("registry:catalog", List.of("*")),
        Map.entry("alice/pub", List.of("pull")));
  }

  @Test
  void repositoryNamedWithTheRequestHost_withoutServerHostname_isTheRepository() throws Exception {
    // The request's Host stands in for SERVER_HOSTNAME when none is configured, as for the token audience.
    String token = client.token("alice", Accounts.password("alice"),
        "repository:" + registry.hostPort() + "/alice/app:pull");

    assertThat(access(token)).containsExactly(Map.entry("alice/app", List.of("pull")));
  }

  @Test
  void robotToken_signsInAsOwnerPlusName_withOnlyItsGrants() throws Exception {
    String token = client.token("alice+ci", robotToken, "repository:alice/app:pull,push",
        "repository:alice/pub:push");

    assertThat(claims(token).getSubject()).isEqualTo("alice+ci");
    assertThat(access(token)).containsOnly(Map.entry("alice/app", List.of("pull")));
    HttpResponse<String> wrong = client.tokenRequest(Optional.of(basic("alice+ci", robotToken + "x")), "");
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  void appToken_signsInAsDollarApp_forItsUser() throws Exception {
    String appToken = accounts.appToken("alice", Optional.of(Duration.ofDays(1)));

    String token = client.token("$app", appToken, "repository:alice/app:pull,push");

    assertThat(claims(token).getSubject()).isEqualTo("alice");
    assertThat(actions(token, "alice/app")).containsExactly("pull", "push");
    assertThat(client.tokenRequest(Optional.of(basic("alice", appToken)), "").statusCode())
        .as("an app token is not a password").isEqualTo(401);
  }

  @Test
  void appTokenWithoutExpiry_signsIn() throws Exception {
    // Regression: a NULL expires_ms made the SQLite driver throw while reading the row, and sign-in answered 500.
    String appToken = accounts.appToken("bob", Optional.empty());

    String token = client.token("$app", appToken, "repository:alice/app:pull");

    assertThat(claims(token).getSubject()).isEqualTo("bob");
    assertThat(actions(token, "alice/app")).containsExactly("pull");
  }

  @Test
  void expiredAppToken_isRefused() throws Exception {
    String expired = accounts.expiredAppToken("erin");

    HttpResponse<String> r = client.tokenRequest(Optional.of(basic("$app", expired)), "");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
  }

  @Test
  void revokedAppToken_isRefusedAtOnce_thoughItsLastSignInIsRemembered() throws Exception {
    IdentityService.CreatedAppToken t = accounts.service().createAppToken("bob", "revocable", Optional.empty());
    assertThat(actions(client.token("$app", t.secret(), "repository:alice/app:pull"), "alice/app"))
        .containsExactly("pull");

    accounts.service().revokeAppToken("bob", String.valueOf(t.token().id()));

    HttpResponse<String> r = client.tokenRequest(Optional.of(basic("$app", t.secret())), "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
    HttpResponse<String> direct = client.send(HttpRequest.newBuilder(registry.base().resolve(
        "/v2/alice/app/tags/list")).header("Authorization", basic("$app", t.secret())));
    assertThat(direct.statusCode()).as("Basic credentials on a registry request").isEqualTo(401);
  }

  private static String refreshToken(String user, String secret) throws Exception {
    HttpResponse<String> r = client.tokenRequest(Optional.of(basic(user, secret)), "?offline_token=true");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r.body()).get("refresh_token").asText();
  }

  private static int refresh(String refreshToken) throws Exception {
    return client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)).statusCode();
  }

  @Test
  void refreshTokenFromAnAppToken_stopsRefreshing_whenTheAppTokenIsRevoked() throws Exception {
    // Regression: it was bound only to the account and refreshed with the user's full rights for 30 days.
    IdentityService.CreatedAppToken t = accounts.service().createAppToken("bob", "laptop", Optional.empty());
    String refresh = refreshToken("$app", t.secret());
    assertThat(refresh(refresh)).isEqualTo(200);

    accounts.service().revokeAppToken("bob", String.valueOf(t.token().id()));

    assertThat(refresh(refresh)).isEqualTo(401);
    String bobs = refreshToken("bob", Accounts.password("bob"));
    assertThat(refresh(bobs)).as("the password's refresh tokens are not the app token's").isEqualTo(200);
  }

  @Test
  void refreshTokenFromAnAppToken_expiresNoLaterThanIt_andIsRefusedOnceItExpired() throws Exception {
    // An app token that expires three seconds from now: created a day ago, for a day, by a clock set back.
    Clock back = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(3).minus(Duration.ofDays(1)));
    IdentityService.CreatedAppToken t;
    try (Accounts then = Accounts.in(registry.dataDir(), back)) {
      t = then.service().createAppToken("bob", "short", Optional.of(Duration.ofDays(1)));
    }
    Instant expires = t.token().expires().orElseThrow();
    String refresh = refreshToken("$app", t.secret());
    assertThat(claims(refresh).getExpirationTime().toInstant()).isBeforeOrEqualTo(expires);
    assertThat(refresh(refresh)).as("while the app token lives").isEqualTo(200);

    while (!Instant.now().isAfter(expires.plusMillis(50))) {
      Thread.sleep(50);
    }

    assertThat(refresh(refresh)).isEqualTo(401);
  }

  @Test
  void refreshGrantWithOfflineAccess_givesBackTheSameRefreshToken_notAFreshUnboundOne() throws Exception {
    IdentityService.CreatedAppToken t = accounts.service().createAppToken("bob", "rolled", Optional.empty());
    String refresh = refreshToken("$app", t.secret());

    HttpResponse<String> r = client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refresh,
        "access_type", "offline", "client_id", "test"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r.body()).get("refresh_token").asText()).isEqualTo(refresh);
    accounts.service().revokeAppToken("bob", String.valueOf(t.token().id()));
    assertThat(refresh(refresh)).isEqualTo(401);
  }

  @Test
  void regeneratingARobotToken_revokesTheOldTokensRefreshTokens_andItsRememberedSignIn() throws Exception {
    String first = accounts.robot("alice+deploy");
    String refresh = refreshToken("alice+deploy", first);
    assertThat(refresh(refresh)).isEqualTo(200);

    String second = accounts.service().regenerateRobotToken("alice+deploy").token();

    assertThat(refresh(refresh)).isEqualTo(401);
    assertThat(client.tokenRequest(Optional.of(basic("alice+deploy", first)), "").statusCode())
        .as("the old token, remembered a moment ago").isEqualTo(401);
    assertThat(refresh(refreshToken("alice+deploy", second))).isEqualTo(200);
  }

  @Test
  void anonymous_getsPullOnPublicRepositoriesOnly_andNoRefreshToken() throws Exception {
    HttpResponse<String> r = client.tokenRequest(Optional.empty(),
        scopeQuery("repository:alice/pub:pull,push", "repository:alice/app:pull") + "&offline_token=true");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r.body());
    String token = body.get("token").asText();
    assertThat(claims(token).getSubject()).isEmpty();
    assertThat(access(token)).containsOnly(Map.entry("alice/pub", List.of("pull")));
    assertThat(body.has("refresh_token")).isFalse();
  }

  @Test
  void oauthPasswordGrant_withOfflineAccess_givesRefreshToken_thatTheRefreshGrantAccepts() throws Exception {
    HttpResponse<String> r = client.oauth(Map.of("grant_type", "password", "username", "bob",
        "password", Accounts.password("bob"), "access_type", "offline", "client_id", "test",
        "scope", "repository:alice/app:pull,push"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r.body());
    assertThat(actions(body.get("access_token").asText(), "alice/app")).containsExactly("pull");
    String refresh = body.get("refresh_token").asText();
    assertThat(refresh).isNotBlank();

    HttpResponse<String> refreshed = client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refresh,
        "client_id", "test", "scope", "repository:alice/app:pull"));

    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    String token = json(refreshed.body()).get("access_token").asText();
    assertThat(claims(token).getSubject()).isEqualTo("bob");
    assertThat(actions(token, "alice/app")).containsExactly("pull");
  }

  @Test
  void oauthPasswordGrant_withoutOfflineAccess_givesNoRefreshToken() throws Exception {
    HttpResponse<String> r = client.oauth(Map.of("grant_type", "password", "username", "bob",
        "password", Accounts.password("bob"), "scope", "repository:alice/app:pull"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r.body()).has("refresh_token")).isFalse();
  }

  @Test
  void getWithOfflineToken_givesRefreshToken() throws Exception {
    HttpResponse<String> r = client.tokenRequest(Optional.of(basic("bob", Accounts.password("bob"))),
        "?offline_token=true&scope=repository:alice/app:pull");
    assertThat(r.statusCode()).isEqualTo(200);
    String refresh = json(r.body()).get("refresh_token").asText();

    HttpResponse<String> refreshed = client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refresh));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
  }

  @Test
  void refreshGrant_withAnAccessTokenOrGarbage_is401() throws Exception {
    String access = client.token("bob", Accounts.password("bob"));
    assertThat(client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", access)).statusCode())
        .isEqualTo(401);
    assertThat(client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", "not.a.jwt")).statusCode())
        .isEqualTo(401);
  }

  @Test
  void wrongPasswordUnknownUserAndMalformedCredentials_are401() throws Exception {
    for (String authorization : List.of(basic("alice", "wrong-password"), basic("nobody", "whatever-it-is"),
        basic("alice", ""), "Basic !!!not-base64", "Basic " + java.util.Base64.getEncoder().encodeToString(
            "no-colon".getBytes()), "Bearer abc.def.ghi", "Digest username=alice")) {
      HttpResponse<String> r = client.tokenRequest(Optional.of(authorization), "");
      assertThat(r.statusCode()).as(authorization).isEqualTo(401);
      assertThat(json(r.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
    }
    HttpResponse<String> oauth = client.oauth(Map.of("grant_type", "password", "username", "alice",
        "password", "wrong-password"));
    assertThat(oauth.statusCode()).isEqualTo(401);
  }

  @Test
  void disabledUser_is401_withTheRightPassword() throws Exception {
    HttpResponse<String> r = client.tokenRequest(Optional.of(basic("carol", Accounts.password("carol"))), "");
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void passwordChange_refusesOldPasswordAndOldRefreshToken_acceptsNewPassword() throws Exception {
    HttpResponse<String> first = client.tokenRequest(Optional.of(basic("dave", Accounts.password("dave"))),
        "?offline_token=true");
    String refresh = json(first.body()).get("refresh_token").asText();

    accounts.service().setPassword("dave", "a-brand-new-password".toCharArray());

    assertThat(client.tokenRequest(Optional.of(basic("dave", Accounts.password("dave"))), "").statusCode())
        .as("old password, remembered a moment ago").isEqualTo(401);
    assertThat(client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refresh)).statusCode())
        .as("refresh token issued before the change").isEqualTo(401);
    assertThat(client.token("dave", "a-brand-new-password")).isNotBlank();
  }

  @Test
  void disablingAUser_revokesItsRefreshTokens_andRememberedSignIn() throws Exception {
    HttpResponse<String> first = client.tokenRequest(Optional.of(basic("erin", Accounts.password("erin"))),
        "?offline_token=true");
    String refresh = json(first.body()).get("refresh_token").asText();
    accounts.service().setEnabled("erin", false);
    try {
      assertThat(client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", refresh)).statusCode())
          .isEqualTo(401);
      assertThat(client.tokenRequest(Optional.of(basic("erin", Accounts.password("erin"))), "").statusCode())
          .isEqualTo(401);
    } finally {
      accounts.service().setEnabled("erin", true);
    }
  }

  @Test
  void unsupportedGrantTypesAndMethods_areClientErrors() throws Exception {
    HttpResponse<String> grant = client.oauth(Map.of("grant_type", "client_credentials"));
    assertThat(grant.statusCode()).isEqualTo(400);
    assertThat(json(grant.body()).get("error").asText()).isEqualTo("unsupported_grant_type");

    HttpResponse<String> put = client.send(HttpRequest.newBuilder(registry.base().resolve("/v2/auth"))
        .PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
  }

  @Test
  void issuedAt_andExpiresIn_describeTheJwtItself() throws Exception {
    JsonNode body = tokenBody("bob", Accounts.password("bob"));
    JWTClaimsSet c = claims(body.get("token").asText());
    long lifetime = c.getExpirationTime().toInstant().getEpochSecond() - c.getIssueTime().toInstant()
        .getEpochSecond();
    assertThat(lifetime).isEqualTo(body.get("expires_in").asLong());
    assertThat(c.getIssueTime().toInstant().getEpochSecond())
        .isCloseTo(Instant.parse(body.get("issued_at").asText()).getEpochSecond(), within(1L));
  }
}
