package dev.berth.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** The OCI Distribution requests the database tests make, over the JDK HttpClient. */
final class RegistryClient {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String EMPTY_JSON_DIGEST = Digest.sha256("{}").value();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final Duration timeout;

  RegistryClient(URI base) {
    this(base, Duration.ofSeconds(60));
  }

  /** @param timeout how long any one request may take before the test fails instead of hanging */
  RegistryClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
  }

  HttpResponse<byte[]> send(String method, String pathOrLocation, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathOrLocation)).timeout(timeout)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, null, headers);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** Monolithic push ({@code POST ?digest=} with the bytes); returns the digest. */
  String pushBlob(String repo, byte[] content) throws IOException, InterruptedException {
    String digest = Digest.sha256(content).value();
    HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest, content,
        "Content-Type", "application/octet-stream");
    assertThat(r.statusCode()).as("monolithic push: %s", text(r)).isEqualTo(201);
    return digest;
  }

  /** Chunked push: POST, PATCH chunks with Content-Range, a status check, PUT; returns the digest. */
  String pushChunked(String repo, byte[] content, int chunk) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = send("POST", "/v2/" + repo + "/blobs/uploads/", null);
    assertThat(r.statusCode()).as("open upload: %s", text(r)).isEqualTo(202);
    String location = r.headers().firstValue("Location").orElseThrow();
    for (int from = 0; from < content.length; from += chunk) {
      int to = Math.min(content.length, from + chunk);
      r = send("PATCH", location, Arrays.copyOfRange(content, from, to), "Content-Type", "application/octet-stream",
          "Content-Range", from + "-" + (to - 1));
      assertThat(r.statusCode()).as("PATCH %d-%d: %s", from, to - 1, text(r)).isEqualTo(202);
      assertThat(r.headers().firstValue("Range")).contains("0-" + (to - 1));
      location = r.headers().firstValue("Location").orElseThrow();
    }
    r = send("GET", location, null);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Range")).contains("0-" + (content.length - 1));
    String digest = Digest.sha256(content).value();
    r = send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + digest, null,
        "Content-Type", "application/octet-stream");
    assertThat(r.statusCode()).as("complete upload: %s", text(r)).isEqualTo(201);
    return digest;
  }

  HttpResponse<byte[]> putManifest(String repo, String reference, byte[] manifest)
      throws IOException, InterruptedException {
    return send("PUT", "/v2/" + repo + "/manifests/" + reference, manifest, "Content-Type", OCI_MANIFEST);
  }

  /** An OCI image manifest over a config and layers, each given as digest and size. */
  static byte[] imageManifest(String configDigest, long configSize, Object... layerDigestsAndSizes) {
    StringBuilder layers = new StringBuilder();
    for (int i = 0; i < layerDigestsAndSizes.length; i += 2) {
      layers.append(i == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip",
          (String) layerDigestsAndSizes[i], ((Number) layerDigestsAndSizes[i + 1]).longValue()));
    }
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
        + descriptor("application/vnd.oci.image.config.v1+json", configDigest, configSize)
        + ",\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
  }

  /** An artifact manifest (empty config) that refers to {@code subject}. */
  static byte[] referrer(String artifactType, String subjectDigest, long subjectSize, String note) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + artifactType
        + "\",\"config\":" + descriptor("application/vnd.oci.empty.v1+json", EMPTY_JSON_DIGEST, 2)
        + ",\"layers\":[" + descriptor("application/vnd.oci.empty.v1+json", EMPTY_JSON_DIGEST, 2) + "]"
        + ",\"subject\":" + descriptor(OCI_MANIFEST, subjectDigest, subjectSize)
        + ",\"annotations\":{\"note\":\"" + note + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  private static String descriptor(String mediaType, String digest, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
  }
}
