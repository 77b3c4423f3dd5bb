package dev.berth.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The registry requests the cluster, health and metrics tests make, over the JDK HttpClient against one node.
 * Blob GETs follow redirects (an S3-backed node answers with a presigned URL of the S3 server).
 */
public final class NodeClient {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI base;

  public NodeClient(URI base) {
    this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build());
  }

  public NodeClient(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  public URI base() {
    return base;
  }

  public HttpClient http() {
    return http;
  }

  /** An image pushed by {@link #pushImage}: its manifest bytes and the digests of its parts. */
  public record Image(byte[] manifest, Digest manifestDigest, Digest config, Digest layer, byte[] layerBytes) {}

  /** Sends a request built against this node. */
  public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), BodyHandlers.ofString());
  }

  public HttpRequest.Builder request(String pathOrLocation) {
    return HttpRequest.newBuilder(base.resolve(pathOrLocation)).timeout(Duration.ofSeconds(120));
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** {@code POST ?digest=} with the whole blob. */
  public Digest pushBlob(String repo, byte[] blob) throws IOException, InterruptedException {
    Digest digest = Digest.sha256(blob);
    HttpResponse<String> r = send(request("/v2/" + repo + "/blobs/uploads/?digest=" + digest)
        .header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(blob)));
    assertThat(r.statusCode()).as("monolithic push to %s: %s", base, r.body()).isEqualTo(201);
    return digest;
  }

  /** {@code POST /v2/<repo>/blobs/uploads/}: opens a session; returns its location. */
  public String startUpload(String repo) throws IOException, InterruptedException {
    HttpResponse<String> r = send(request("/v2/" + repo + "/blobs/uploads/").POST(BodyPublishers.noBody()));
    assertThat(r.statusCode()).as("POST upload on %s: %s", base, r.body()).isEqualTo(202);
    return r.headers().firstValue("Location").orElseThrow();
  }

  /** One {@code PATCH} of {@code length} bytes of {@code blob} from {@code offset}, with its Content-Range. */
  public HttpResponse<String> patch(String location, byte[] blob, int offset, int length)
      throws IOException, InterruptedException {
    return patch(location, offset, length, BodyPublishers.ofByteArray(blob, offset, length));
  }

  public HttpResponse<String> patch(String location, long offset, long length, BodyPublisher body)
      throws IOException, InterruptedException {
    return send(request(location).header("Content-Type", "application/octet-stream")
        .header("Content-Range", offset + "-" + (offset + length - 1)).method("PATCH", body));
  }

  /** {@code GET <location>}: the upload's status (204 with its Range) as this node reports it. */
  public HttpResponse<String> uploadStatus(String location) throws IOException, InterruptedException {
    return send(request(location).GET());
  }

  /** {@code PUT <location>?digest=} without a body. */
  public HttpResponse<String> completeUpload(String location, Digest digest) throws IOException,
      InterruptedException {
    String separator = location.contains("?") ? "&" : "?";
    return send(request(location + separator + "digest=" + digest).PUT(BodyPublishers.noBody()));
  }

  public HttpResponse<String> putManifest(String repo, String reference, byte[] manifest)
      throws IOException, InterruptedException {
    return send(request("/v2/" + repo + "/manifests/" + reference).header("Content-Type", OCI_MANIFEST)
        .PUT(BodyPublishers.ofByteArray(manifest)));
  }

  public HttpResponse<byte[]> getManifest(String repo, String reference) throws IOException, InterruptedException {
    return http.send(request("/v2/" + repo + "/manifests/" + reference).header("Accept", OCI_MANIFEST).GET().build(),
        BodyHandlers.ofByteArray());
  }

  /** {@code GET} of a blob, following a redirect to the storage. */
  public HttpResponse<byte[]> getBlob(String repo, Digest digest) throws IOException, InterruptedException {
    return http.send(request("/v2/" + repo + "/blobs/" + digest).GET().build(), BodyHandlers.ofByteArray());
  }

  public HttpResponse<Void> headBlob(String repo, Digest digest) throws IOException, InterruptedException {
    return http.send(request("/v2/" + repo + "/blobs/" + digest).method("HEAD", BodyPublishers.noBody()).build(),
        BodyHandlers.discarding());
  }

  /** Pushes a config, one random layer of {@code layerSize} bytes and a manifest tagged {@code tag}. */
  public Image pushImage(String repo, String tag, long seed, int layerSize) throws IOException, InterruptedException {
    byte[] layer = random(layerSize, seed);
    Digest layerDigest = pushBlob(repo, layer);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}")
        .getBytes(StandardCharsets.UTF_8);
    Digest configDigest = pushBlob(repo, config);
    byte[] manifest = manifest(configDigest, config.length, layerDigest, layer.length);
    HttpResponse<String> put = putManifest(repo, tag, manifest);
    assertThat(put.statusCode()).as("manifest PUT on %s: %s", base, put.body()).isEqualTo(201);
    Digest digest = Digest.parse(put.headers().firstValue("Docker-Content-Digest").orElseThrow());
    assertThat(digest).isEqualTo(Digest.sha256(manifest));
    return new Image(manifest, digest, configDigest, layerDigest, layer);
  }

  /** Pulls the image by tag and checks every byte against what was pushed. */
  public void assertPulls(String repo, String tag, Image image) throws IOException, InterruptedException {
    HttpResponse<byte[]> m = getManifest(repo, tag);
    assertThat(m.statusCode()).as("manifest GET %s:%s on %s", repo, tag, base).isEqualTo(200);
    assertThat(m.body()).isEqualTo(image.manifest());
    JsonNode parsed = JSON.readTree(m.body());
    Digest layer = Digest.parse(parsed.path("layers").get(0).path("digest").asText());
    HttpResponse<byte[]> blob = getBlob(repo, layer);
    assertThat(blob.statusCode()).as("layer GET on %s", base).isEqualTo(200);
    assertThat(Digest.sha256(blob.body())).isEqualTo(image.layer());
    HttpResponse<byte[]> config = getBlob(repo, image.config());
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(Digest.sha256(config.body())).isEqualTo(image.config());
  }

  /** An OCI image manifest with one config and one gzip layer. */
  public static byte[] manifest(Digest config, long configSize, Digest layer, long layerSize) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
        + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
