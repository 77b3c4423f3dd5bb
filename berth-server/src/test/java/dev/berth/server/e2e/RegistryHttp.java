package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few raw registry requests the end-to-end tests make themselves, over the JDK HttpClient: checks of what the
 * server holds, and the chunked push that no installed client performs. {@link #head} and {@link #get} answer
 * token challenges when the client has credentials.
 */
final class RegistryHttp {
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final HttpClient http;
  private final URI base;
  private final Optional<String> basic;

  RegistryHttp(URI base) {
    this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .build(), Optional.empty());
  }

  private RegistryHttp(URI base, HttpClient http, Optional<String> basic) {
    this.base = base;
    this.http = http;
    this.basic = basic;
  }

  /**
   * The same client signing in as {@code user}: a request answered 401 with a {@code Bearer} challenge is sent
   * again with a token from the challenge's realm, fetched with Basic credentials, as registry clients do.
   */
  RegistryHttp withCredentials(String user, String secret) {
    String encoded = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return new RegistryHttp(base, http, Optional.of("Basic " + encoded));
  }

  URI resolve(String pathOrLocation) {
    return base.resolve(pathOrLocation);
  }

  HttpResponse<Void> head(String path, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).method("HEAD", BodyPublishers.noBody());
    if (accept != null) {
      b.header("Accept", accept);
    }
    return exchange(b, BodyHandlers.discarding());
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return exchange(HttpRequest.newBuilder(resolve(path)).GET(), BodyHandlers.ofByteArray());
  }

  private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    HttpResponse<T> r = http.send(request.build(), body);
    Optional<String> challenge = r.headers().firstValue("WWW-Authenticate");
    if (r.statusCode() != 401 || basic.isEmpty() || challenge.isEmpty() || !challenge.get().startsWith("Bearer ")) {
      return r;
    }
    return http.send(request.setHeader("Authorization", "Bearer " + token(challenge.get())).build(), body);
  }

  /** A token for what {@code challenge} asks, from its realm, for {@link #basic}'s account. */
  private String token(String challenge) throws IOException, InterruptedException {
    Map<String, String> params = new HashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    StringBuilder url = new StringBuilder(params.get("realm")).append("?service=")
        .append(URLEncoder.encode(params.getOrDefault("service", ""), StandardCharsets.UTF_8));
    if (params.containsKey("scope")) {
      url.append("&scope=").append(URLEncoder.encode(params.get("scope"), StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url.toString()))
        .header("Authorization", basic.orElseThrow()).GET().build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).as("token from %s: %s", url, r.body()).isEqualTo(200);
    return OciLayout.JSON.readTree(r.body()).path("token").asText();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  HttpClient client() {
    return http;
  }

  /** {@code POST /v2/<repo>/blobs/uploads/}: opens a session and returns its location. */
  String startUpload(String repo) throws IOException, InterruptedException {
    HttpResponse<String> r = send(HttpRequest.newBuilder(resolve("/v2/" + repo + "/blobs/uploads/"))
        .POST(BodyPublishers.noBody()));
    assertThat(r.statusCode()).as("POST upload: %s", r.body()).isEqualTo(202);
    return r.headers().firstValue("Location").orElseThrow();
  }

  /** {@code PUT <location>?digest=} with no body: completes an upload whose bytes were all PATCHed. */
  HttpResponse<String> completeUpload(String location, String digest) throws IOException, InterruptedException {
    String sep = location.contains("?") ? "&" : "?";
    return send(HttpRequest.newBuilder(resolve(location + sep + "digest=" + digest))
        .header("Content-Type", "application/octet-stream").PUT(BodyPublishers.noBody()));
  }

  /** Streams {@code GET /v2/<repo>/blobs/<digest>} through SHA-256; returns the digest and size of what came. */
  Pulled pullBlob(String repo, String digest) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(resolve("/v2/" + repo + "/blobs/" + digest)).GET().build();
    HttpResponse<InputStream> r = http.send(request, BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).as("GET blob %s", digest).isEqualTo(200);
    MessageDigest md = sha256();
    long size = 0;
    try (InputStream in = r.body()) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
        size += n;
      }
    }
    return new Pulled("sha256:" + HexFormat.of().formatHex(md.digest()), size);
  }

  record Pulled(String digest, long size) {}

  static MessageDigest sha256() {
    return DigestAlgorithm.SHA256.newMessageDigest();
  }
}
