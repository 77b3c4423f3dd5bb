package dev.berth.server.access;

import static dev.berth.server.testing.RegistryClient.basic;
import static dev.berth.server.testing.RegistryClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.identity.Role;
import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How {@code /v2/} answers callers: 401 with a challenge naming the scope to ask for when there is no token, 403
 * {@code DENIED} when the token lacks the action, a token for one repository never working on another, and a
 * catalog that lists only what the caller may pull.
 */
class RegistryAuthorizationTest {
  static TestRegistry registry;
  static RegistryClient client;
  static String aliceAppLayer;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "SUPER_USERS", List.of("root"),
        "LOGIN_FAILURE_LIMIT", 1000));
    client = new RegistryClient(registry.base());
    try (Accounts accounts = Accounts.of(registry)) {
      for (String u : List.of("alice", "bob", "dora", "root")) {
        accounts.user(u);
      }
      String alice = token("alice", "repository:alice/app:push", "repository:alice/pub:push",
          "repository:alice/other:push");
      aliceAppLayer = client.push("alice/app", "v1", alice).layerDigest();
      client.push("alice/pub", "v1", alice);
      client.push("alice/other", "v1", alice);
      String bob = token("bob", "repository:bob/secret:push", "repository:bob/shared:push");
      client.push("bob/secret", "v1", bob);
      client.push("bob/shared", "v1", bob);
      accounts.publish("alice/pub");
      accounts.grant("bob/shared", "alice", Role.READ);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  static String token(String user, String... scopes) throws Exception {
    return client.token(user, Accounts.password(user), scopes);
  }

  private static String challenge(String scope) {
    return "Bearer realm=\"" + registry.base() + "/v2/auth\",service=\"" + registry.hostPort() + "\""
        + (scope == null ? "" : ",scope=\"" + scope + "\"");
  }

  private static HttpResponse<String> send(String method, String path, String token) throws Exception {
    return client.request(method, path, token);
  }

  @Test
  void base_withoutToken_is401WithChallengeWithoutScope() throws Exception {
    HttpResponse<String> r = send("GET", "/v2/", null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly(challenge(null));
    assertThat(json(r.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(send("GET", "/v2/", client.anonymousToken()).statusCode())
        .as("any valid token, even anonymous, passes the base check").isEqualTo(200);
  }

  @Test
  void everyRepositoryEndpoint_withoutToken_challengesForItsOwnActions() throws Exception {
    String digest = aliceAppLayer;
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("GET /v2/alice/app/manifests/v1", "pull");
    expected.put("HEAD /v2/alice/app/manifests/v1", "pull");
    expected.put("PUT /v2/alice/app/manifests/v2", "pull,push");
    expected.put("DELETE /v2/alice/app/manifests/v1", "delete");
    expected.put("GET /v2/alice/app/blobs/" + digest, "pull");
    expected.put("HEAD /v2/alice/app/blobs/" + digest, "pull");
    expected.put("DELETE /v2/alice/app/blobs/" + digest, "delete");
    expected.put("POST /v2/alice/app/blobs/uploads/", "pull,push");
    expected.put("PATCH /v2/alice/app/blobs/uploads/0f6a3c2e-2c1e-4e55-9d1d-6b1f9d3e2a10", "pull,push");
    expected.put("PUT /v2/alice/app/blobs/uploads/0f6a3c2e-2c1e-4e55-9d1d-6b1f9d3e2a10", "pull,push");
    expected.put("GET /v2/alice/app/blobs/uploads/0f6a3c2e-2c1e-4e55-9d1d-6b1f9d3e2a10", "pull,push");
    expected.put("DELETE /v2/alice/app/blobs/uploads/0f6a3c2e-2c1e-4e55-9d1d-6b1f9d3e2a10", "pull,push");
    expected.put("GET /v2/alice/app/tags/list", "pull");
    expected.put("GET /v2/alice/app/referrers/" + digest, "pull");
    expected.put("GET /v2/nobody/nothing/manifests/latest", "pull");

    List<String> wrong = new ArrayList<>();
    for (var e : expected.entrySet()) {
      String[] mp = e.getKey().split(" ", 2);
      HttpResponse<String> r = send(mp[0], mp[1], null);
      String repo = mp[1].split("/")[2] + "/" + mp[1].split("/")[3];
      String want = challenge("repository:" + repo + ":" + e.getValue());
      if (r.statusCode() != 401 || !r.headers().allValues("WWW-Authenticate").equals(List.of(want))) {
        wrong.add(e.getKey() + " -> " + r.statusCode() + " " + r.headers().allValues("WWW-Authenticate"));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void catalog_withoutToken_challengesForCatalogScope() throws Exception {
    HttpResponse<String> r = send("GET", "/v2/_catalog", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly(challenge("registry:catalog:*"));
  }

  @Test
  void tokenLackingTheAction_is403Denied_withoutChallenge() throws Exception {
    String pullOnly = token("alice", "repository:alice/app:pull");
    assertThat(send("GET", "/v2/alice/app/manifests/v1", pullOnly).statusCode()).isEqualTo(200);

    for (String[] request : List.of(new String[] {"POST", "/v2/alice/app/blobs/uploads/"},
        new String[] {"DELETE", "/v2/alice/app/manifests/v1"},
        new String[] {"DELETE", "/v2/alice/app/blobs/" + aliceAppLayer})) {
      HttpResponse<String> r = send(request[0], request[1], pullOnly);
      assertThat(r.statusCode()).as("%s %s", request[0], request[1]).isEqualTo(403);
      JsonNode error = json(r.body()).at("/errors/0");
      assertThat(error.get("code").asText()).isEqualTo("DENIED");
      assertThat(error.at("/detail/name").asText()).isEqualTo("alice/app");
      assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
    HttpResponse<String> put = client.tryPush("alice/app", "v9", pullOnly).last();
    assertThat(put.statusCode()).isEqualTo(403);
  }

  @Test
  void tokenForOneRepository_neverWorksOnAnother() throws Exception {
    String forApp = token("alice", "repository:alice/app:pull,push,delete");

    for (String path : List.of("/v2/alice/other/manifests/v1", "/v2/alice/other/tags/list",
        "/v2/bob/shared/manifests/v1", "/v2/alice/pub/manifests/v1")) {
      assertThat(send("GET", path, forApp).statusCode()).as(path).isEqualTo(403);
    }
    assertThat(client.tryPush("alice/other", "v2", forApp).last().statusCode()).isEqualTo(403);
    assertThat(client.tryPush("alice/newrepo", "v1", forApp).last().statusCode()).isEqualTo(403);
    assertThat(send("DELETE", "/v2/alice/other/manifests/v1", forApp).statusCode()).isEqualTo(403);
  }

  @Test
  void pathTricks_doNotCarryATokenToAnotherRepository() throws Exception {
    String forApp = token("alice", "repository:alice/app:pull");
    for (String path : List.of("/v2/alice/app/../other/manifests/v1", "/v2/alice/app/%2e%2e/other/manifests/v1",
        "/v2/alice/app%2f..%2fother/manifests/v1", "/v2/alice//other/manifests/v1", "/v2/Alice/app/manifests/v1")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(registry.base() + path))
          .header("Authorization", "Bearer " + forApp).GET());
      assertThat(r.statusCode()).as(path).isNotEqualTo(200).isLessThan(500);
    }
  }

  @Test
  void crossRepositoryMount_fromARepositoryTheTokenCannotPull_uploadsInsteadOfMounting() throws Exception {
    String dora = token("dora", "repository:dora/mounted:pull,push", "repository:alice/app:pull");
    HttpResponse<String> r = send("POST", "/v2/dora/mounted/blobs/uploads/?mount=" + aliceAppLayer
        + "&from=alice/app", dora);
    assertThat(r.statusCode()).as("no mount without pull on the source").isEqualTo(202);
    assertThat(send("HEAD", "/v2/dora/mounted/blobs/" + aliceAppLayer, dora).statusCode()).isEqualTo(404);

    String root = token("root", "repository:root/mounted:pull,push", "repository:alice/app:pull");
    HttpResponse<String> mounted = send("POST", "/v2/root/mounted/blobs/uploads/?mount=" + aliceAppLayer
        + "&from=alice/app", root);
    assertThat(mounted.statusCode()).as("one who may pull the source mounts").isEqualTo(201);
  }

  @Test
  void anonymousCaller_isChallengedOnPrivateAndUnknownRepositories_alike() throws Exception {
    HttpResponse<String> existing = send("GET", "/v2/bob/secret/manifests/v1", null);
    HttpResponse<String> missing = send("GET", "/v2/bob/missing/manifests/v1", null);
    assertThat(existing.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(existing.body()).doesNotContain("MANIFEST_UNKNOWN", "NAME_UNKNOWN");

    String anon = client.anonymousToken("repository:bob/secret:pull");
    assertThat(send("GET", "/v2/bob/secret/manifests/v1", anon).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v2/alice/pub/manifests/v1", null).statusCode())
        .as("public repositories need no token at all").isEqualTo(200);
  }

  @Test
  void basicCredentials_onRegistryRequests_areAuthenticatedDirectly() throws Exception {
    HttpResponse<String> ok = client.send(HttpRequest.newBuilder(registry.base().resolve("/v2/alice/app/tags/list"))
        .header("Authorization", basic("alice", Accounts.password("alice"))));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok.body()).get("tags").get(0).asText()).isEqualTo("v1");

    HttpResponse<String> bad = client.send(HttpRequest.newBuilder(registry.base().resolve("/v2/alice/app/tags/list"))
        .header("Authorization", basic("alice", "not-her-password")));
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate")).contains(challenge("repository:alice/app:pull"));
  }

  private static List<String> catalog(String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(registry.base().resolve("/v2/_catalog"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = client.send(b);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    json(r.body()).get("repositories").forEach(n -> names.add(n.asText()));
    return names;
  }

  @Test
  void catalog_listsOnlyWhatEachCallerMayPull() throws Exception {
    assertThat(catalog("Bearer " + client.anonymousToken("registry:catalog:*"))).containsExactly("alice/pub");
    assertThat(catalog("Bearer " + token("alice", "registry:catalog:*")))
        .containsExactly("alice/app", "alice/other", "alice/pub", "bob/shared");
    assertThat(catalog("Bearer " + token("bob", "registry:catalog:*")))
        .containsExactly("alice/pub", "bob/secret", "bob/shared");
    assertThat(catalog(basic("bob", Accounts.password("bob"))))
        .containsExactly("alice/pub", "bob/secret", "bob/shared");
    assertThat(catalog("Bearer " + token("root", "registry:catalog:*")))
        .contains("alice/app", "alice/other", "alice/pub", "bob/secret", "bob/shared");
  }

  @Test
  void catalog_withTheUnexpiredTokenOfADisabledAccount_listsNothing() throws Exception {
    // Regression: the catalog is decided live from the token's account, which was not checked to be enabled.
    try (Accounts accounts = Accounts.of(registry)) {
      accounts.user("carl");
      accounts.superuser("sudo");
      client.push("carl/app", "v1", token("carl", "repository:carl/app:push"));
      String carl = "Bearer " + token("carl", "registry:catalog:*");
      String sudo = "Bearer " + token("sudo", "registry:catalog:*");
      assertThat(catalog(carl)).contains("alice/pub", "carl/app");
      assertThat(catalog(sudo)).contains("alice/app", "bob/secret", "carl/app");

      accounts.service().setEnabled("carl", false);
      accounts.service().setEnabled("sudo", false);

      assertThat(catalog(carl)).isEmpty();
      assertThat(catalog(sudo)).isEmpty();
    }
  }

  @Test
  void filteredCatalog_pagesOverWhatIsVisible() throws Exception {
    String bob = "Bearer " + token("bob", "registry:catalog:*");
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(registry.base().resolve("/v2/_catalog?n=2"))
        .header("Authorization", bob));
    assertThat(json(first.body()).get("repositories").toString()).isEqualTo("[\"alice/pub\",\"bob/secret\"]");
    String link = first.headers().firstValue("Link").orElseThrow();
    String next = link.substring(1, link.indexOf('>'));

    HttpResponse<String> second = client.send(HttpRequest.newBuilder(registry.base().resolve(next))
        .header("Authorization", bob));
    assertThat(json(second.body()).get("repositories").toString()).isEqualTo("[\"bob/shared\"]");
    assertThat(second.headers().firstValue("Link")).isEmpty();
  }
}
