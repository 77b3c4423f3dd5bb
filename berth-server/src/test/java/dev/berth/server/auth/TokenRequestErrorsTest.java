package dev.berth.server.auth;

import static dev.berth.server.testing.RegistryClient.access;
import static dev.berth.server.testing.RegistryClient.basic;
import static dev.berth.server.testing.RegistryClient.json;
import static dev.berth.server.testing.RegistryClient.scopeQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/auth} refuses malformed requests with 400 (413 for an oversized form) before it checks credentials:
 * the OAuth2 form with RFC 6749 §5.2's {@code error} beside the OCI {@code errors} Docker's clients read, the
 * {@code GET} with the OCI body alone. Asking for more than allowed stays down-scoped, and a repository may be
 * named with the registry's {@code SERVER_HOSTNAME} in front, as Quay accepts.
 */
class TokenRequestErrorsTest {
  static final String HOST = "registry.example.test:5443";

  static TestRegistry registry;
  static RegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "SERVER_HOSTNAME", HOST,
        "LOGIN_FAILURE_LIMIT", 1000));
    client = new RegistryClient(registry.base());
    try (Accounts accounts = Accounts.of(registry)) {
      accounts.user("alice");
      accounts.user("bob");
      client.push("bob/private", "v1", client.token("bob", Accounts.password("bob"), "repository:bob/private:push"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  private static Map<String, String> passwordGrant(String... more) {
    Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "username", "alice",
        "password", Accounts.password("alice"), "client_id", "test", "service", HOST));
    for (int i = 0; i < more.length; i += 2) {
      form.put(more[i], more[i + 1]);
    }
    return form;
  }

  private static HttpResponse<String> postRaw(String body) throws Exception {
    return client.send(HttpRequest.newBuilder(registry.base().resolve("/v2/auth"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A 400 of the OAuth2 form: RFC 6749's code and description, and the OCI error beside them. */
  private static void assertOAuthError(HttpResponse<String> r, int status, String error, String ociCode)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c)
        .startsWith("application/json"));
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = json(r.body());
    assertThat(body.path("error").asText()).as(r.body()).isEqualTo(error);
    assertThat(body.path("error_description").asText()).isNotBlank().matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    assertThat(body.at("/errors/0/code").asText()).isEqualTo(ociCode);
  }

  @Test
  void unsupportedGrantType_is400UnsupportedGrantType() throws Exception {
    for (String grant : List.of("client_credentials", "authorization_code", "PASSWORD")) {
      HttpResponse<String> r = client.oauth(Map.of("grant_type", grant, "client_id", "test"));
      assertOAuthError(r, 400, "unsupported_grant_type", "BAD_REQUEST");
    }
  }

  @Test
  void missingEmptyOrRepeatedRequiredFields_are400InvalidRequest() throws Exception {
    List<HttpResponse<String>> answers = List.of(
        client.oauth(Map.of("client_id", "test", "username", "alice", "password", Accounts.password("alice"))),
        client.oauth(Map.of("grant_type", "", "username", "alice", "password", Accounts.password("alice"))),
        client.oauth(Map.of("grant_type", "password", "username", "alice")),
        client.oauth(Map.of("grant_type", "password", "username", "", "password", Accounts.password("alice"))),
        client.oauth(Map.of("grant_type", "refresh_token", "client_id", "test")),
        postRaw("grant_type=password&grant_type=refresh_token&username=alice&password="
            + Accounts.password("alice")),
        postRaw("grant_type=password&username=alice&username=bob&password=" + Accounts.password("alice")));
    for (HttpResponse<String> r : answers) {
      assertOAuthError(r, 400, "invalid_request", "BAD_REQUEST");
    }
  }

  @Test
  void malformedFormBody_is400InvalidRequest() throws Exception {
    assertOAuthError(postRaw("grant_type=password&username=alice&password=%zz"), 400, "invalid_request",
        "BAD_REQUEST");
    assertOAuthError(postRaw("{\"grant_type\":\"password\"}"), 400, "invalid_request", "BAD_REQUEST");
  }

  @Test
  void formBodyOverTheLimit_is413() throws Exception {
    String padding = "x".repeat(64 * 1024);
    HttpResponse<String> r = postRaw("grant_type=password&username=alice&password=" + padding);
    assertOAuthError(r, 413, "invalid_request", "PAYLOAD_TOO_LARGE");
  }

  @Test
  void malformedScopes_are400_onTheGetAndTheForm_beforeCredentialsAreChecked() throws Exception {
    Map<String, String> malformed = new LinkedHashMap<>();
    malformed.put("garbage", "BAD_REQUEST");
    malformed.put("repository:alice/app:", "BAD_REQUEST");
    malformed.put("repository::pull", "BAD_REQUEST");
    malformed.put("repository:alice/app:pull,", "BAD_REQUEST");
    malformed.put("repository:alice/app:pull,,push", "BAD_REQUEST");
    malformed.put("repository:alice/app:PULL", "BAD_REQUEST");
    malformed.put("Repository:alice/app:pull", "BAD_REQUEST");
    malformed.put("repository:" + "a".repeat(1100) + ":pull", "BAD_REQUEST");
    malformed.put("repository:UPPER/x:pull", "NAME_INVALID");
    malformed.put("repository:alice//app:pull", "NAME_INVALID");
    malformed.put("repository:other.example:5000/alice/app:pull", "NAME_INVALID");
    for (Map.Entry<String, String> e : malformed.entrySet()) {
      HttpResponse<String> get = client.tokenRequest(Optional.of(basic("alice", Accounts.password("alice"))),
          scopeQuery("repository:alice/app:pull", e.getKey()));
      assertThat(get.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(json(get.body()).at("/errors/0/code").asText()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(json(get.body()).has("error")).as("no OAuth2 members on the GET").isFalse();

      HttpResponse<String> wrongPassword = client.tokenRequest(Optional.of(basic("alice", "wrong-password")),
          scopeQuery(e.getKey()));
      assertThat(wrongPassword.statusCode()).as("checked before credentials: " + e.getKey()).isEqualTo(400);

      HttpResponse<String> post = client.oauth(passwordGrant("scope", "repository:alice/app:pull " + e.getKey()));
      assertOAuthError(post, 400, "invalid_scope", e.getValue());
    }
  }

  @Test
  void moreThanThirtyTwoScopes_are400_soNoRequestBuildsATokenTooLargeToSend() throws Exception {
    List<String> scopes = new java.util.ArrayList<>();
    for (int i = 0; i < 32; i++) {
      scopes.add("repository:alice/app" + i + ":pull");
    }
    HttpResponse<String> most = client.oauth(passwordGrant("scope", String.join(" ", scopes)));
    assertThat(most.statusCode()).as(most.body()).isEqualTo(200);

    scopes.add("repository:alice/one-too-many:pull");
    assertOAuthError(client.oauth(passwordGrant("scope", String.join(" ", scopes))), 400, "invalid_scope",
        "BAD_REQUEST");
    HttpResponse<String> get = client.tokenRequest(Optional.of(basic("alice", Accounts.password("alice"))),
        scopeQuery(scopes.toArray(String[]::new)));
    assertThat(get.statusCode()).isEqualTo(400);
  }

  @Test
  void askingForMoreThanAllowed_isStillDownScoped_notRefused() throws Exception {
    HttpResponse<String> r = client.oauth(passwordGrant("scope",
        "repository:bob/private:pull,push repository:alice/app:pull,push,delete,frobnicate"));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(access(json(r.body()).get("access_token").asText()))
        .containsOnly(Map.entry("alice/app", List.of("pull", "push")));
  }

  @Test
  void repositoryNamedWithTheServerHostname_isTheRepository() throws Exception {
    String token = client.token("bob", Accounts.password("bob"), "repository:" + HOST + "/bob/private:pull",
        "repository:REGISTRY.example.test:5443/bob/other:push");

    assertThat(access(token)).containsOnly(Map.entry("bob/private", List.of("pull")),
        Map.entry("bob/other", List.of("push")));
    assertThat(client.get("/v2/bob/private/manifests/v1", token).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongCredentialsOnTheForm_stay401_asInvalidGrant() throws Exception {
    HttpResponse<String> password = client.oauth(passwordGrant("password", "wrong-password"));
    HttpResponse<String> refresh = client.oauth(Map.of("grant_type", "refresh_token", "refresh_token", "a.b.c"));

    for (HttpResponse<String> r : List.of(password, refresh)) {
      assertOAuthError(r, 401, "invalid_grant", "UNAUTHORIZED");
    }
    HttpResponse<String> get = client.tokenRequest(Optional.of(basic("alice", "wrong-password")), "");
    assertThat(get.statusCode()).isEqualTo(401);
    assertThat(json(get.body()).has("error")).isFalse();
  }
}
