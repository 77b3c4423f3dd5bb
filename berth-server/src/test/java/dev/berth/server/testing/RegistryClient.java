package dev.berth.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Docker token protocol as a client speaks it, over the JDK HttpClient: tokens from {@code /v2/auth}, requests
 * carrying them, and a small image push (one layer, a config, an OCI manifest).
 */
public final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  public RegistryClient(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  public RegistryClient(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  public URI base() {
    return base;
  }

  /** {@code Basic base64(user:secret)}. */
  public static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** {@code ?scope=a&scope=b}, each value URL-encoded; empty for no scopes. */
  public static String scopeQuery(String... scopes) {
    List<String> parts = new ArrayList<>();
    for (String s : scopes) {
      parts.add("scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
    return parts.isEmpty() ? "" : "?" + String.join("&", parts);
  }

  /** {@code GET /v2/auth<query>} with an optional {@code Authorization} header. */
  public HttpResponse<String> tokenRequest(Optional<String> authorization, String query)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/v2/auth" + query)).GET();
    authorization.ifPresent(a -> b.header("Authorization", a));
    return send(b);
  }

  /** {@code POST /v2/auth} with an OAuth2 form body. */
  public HttpResponse<String> oauth(Map<String, String> form) throws IOException, InterruptedException {
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(HttpRequest.newBuilder(base.resolve("/v2/auth"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(BodyPublishers.ofString(String.join("&", pairs))));
  }

  /** A token for {@code user} with {@code secret} (password, robot token, or app token as {@code $app}). */
  public String token(String user, String secret, String... scopes) throws IOException, InterruptedException {
    HttpResponse<String> r = tokenRequest(Optional.of(basic(user, secret)), scopeQuery(scopes));
    assertThat(r.statusCode()).as("token for %s: %s", user, r.body()).isEqualTo(200);
    return json(r.body()).get("token").asText();
  }

  /** A token for an anonymous caller. */
  public String anonymousToken(String... scopes) throws IOException, InterruptedException {
    HttpResponse<String> r = tokenRequest(Optional.empty(), scopeQuery(scopes));
    assertThat(r.statusCode()).as("anonymous token: %s", r.body()).isEqualTo(200);
    return json(r.body()).get("token").asText();
  }

  /** {@code method path} with {@code Bearer token} when a token is given. */
  public HttpResponse<String> request(String method, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).method(method, BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return request("GET", path, token);
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  /** What a push sent: the manifest's digest and the layer's. */
  public record Pushed(String manifestDigest, String layerDigest) {}

  /** Pushes a fresh small image as {@code repository:tag}; fails the test unless every step succeeds. */
  public Pushed push(String repository, String tag, String token) throws IOException, InterruptedException {
    Attempt a = tryPush(repository, tag, token);
    assertThat(a.last().statusCode()).as("push %s:%s: %s", repository, tag, a.last().body()).isEqualTo(201);
    return a.pushed();
  }

  /** The outcome of a push: the first failing response, or the manifest PUT's when all steps succeeded. */
  public record Attempt(HttpResponse<String> last, Pushed pushed) {}

  /** Pushes a fresh small image, stopping at the first step that fails. */
  public Attempt tryPush(String repository, String tag, String token) throws IOException, InterruptedException {
    byte[] layer = new byte[256];
    ThreadLocalRandom.current().nextBytes(layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + digest(layer) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    for (byte[] blob : List.of(layer, config)) {
      HttpResponse<String> r = pushBlob(repository, blob, token);
      if (r.statusCode() != 201) {
        return new Attempt(r, null);
      }
    }
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest(config)
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
        + "\"digest\":\"" + digest(layer) + "\",\"size\":" + layer.length + "}]}";
    HttpRequest.Builder put = HttpRequest.newBuilder(base.resolve("/v2/" + repository + "/manifests/" + tag))
        .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
        .PUT(BodyPublishers.ofString(manifest));
    if (token != null) {
      put.header("Authorization", "Bearer " + token);
    }
    return new Attempt(send(put),
        new Pushed(digest(manifest.getBytes(StandardCharsets.UTF_8)), digest(layer)));
  }

  /** A monolithic blob upload ({@code POST …/blobs/uploads/?digest=}). */
  public HttpResponse<String> pushBlob(String repository, byte[] blob, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            base.resolve("/v2/" + repository + "/blobs/uploads/?digest=" + digest(blob)))
        .header("Content-Type", "application/octet-stream")
        .POST(BodyPublishers.ofByteArray(blob));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** The claims of a JWT (its signature is not checked here; the server checks that). */
  public static JWTClaimsSet claims(String jwt) {
    try {
      return SignedJWT.parse(jwt).getJWTClaimsSet();
    } catch (ParseException e) {
      throw new AssertionError("not a JWT: " + jwt, e);
    }
  }

  /** The {@code access} claim of a token as repository (or {@code registry:catalog}) name to actions. */
  public static Map<String, List<String>> access(String jwt) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Object access = claims(jwt).getClaim("access");
    if (access instanceof List<?> entries) {
      for (Object e : entries) {
        Map<?, ?> entry = (Map<?, ?>) e;
        String key = "registry".equals(entry.get("type")) ? "registry:" + entry.get("name")
            : String.valueOf(entry.get("name"));
        out.put(key, ((List<?>) entry.get("actions")).stream().map(String::valueOf).toList());
      }
    }
    return out;
  }

  /** The actions a token grants on one repository; empty when none. */
  public static List<String> actions(String jwt, String repository) {
    return access(jwt).getOrDefault(repository, List.of());
  }
}
