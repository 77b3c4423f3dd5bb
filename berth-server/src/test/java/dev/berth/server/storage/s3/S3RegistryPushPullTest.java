package dev.berth.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.TcpProxy;
import dev.berth.server.testing.TestRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registry on S3 storage (Quay's {@code S3Storage} keys pointing at S3Proxy on loopback), driven over HTTP: a
 * layer pushed in odd chunks and a manifest pushed, then pulled, the blob GET answered with a 307 to a presigned
 * URL of the S3 server.
 */
class S3RegistryPushPullTest {
  private static final int MIB = 1 << 20;
  private static final String BUCKET = "registry-blobs";
  static S3ProxyServer server;
  static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pushInOddChunks_thenPull_redirectsBlobGetsToAPresignedUrlWithTheSameBytes() throws Exception {
    try (TestRegistry registry = TestRegistry.start(server.registryConfig(BUCKET, Map.of()))) {
      byte[] layer = random(10 * MIB + 110, 1);
      Digest layerDigest = pushInChunks(registry, "team/app", layer, 1, 5 * MIB - 1, 3, 5 * MIB + 7, 100);
      byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
      Digest configDigest = pushMonolithic(registry, "team/app", config);
      byte[] manifest = manifest(configDigest, config.length, layerDigest, layer.length);
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(registry.base().resolve("/v2/team/app/manifests/v1"))
          .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
          .PUT(BodyPublishers.ofByteArray(manifest)).build(), BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

      HttpResponse<byte[]> pulledManifest = http.send(HttpRequest.newBuilder(
          registry.base().resolve("/v2/team/app/manifests/v1"))
          .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), BodyHandlers.ofByteArray());
      assertThat(pulledManifest.statusCode()).isEqualTo(200);
      assertThat(pulledManifest.body()).isEqualTo(manifest);

      HttpResponse<byte[]> redirect = http.send(HttpRequest.newBuilder(
          registry.base().resolve("/v2/team/app/blobs/" + layerDigest)).build(), BodyHandlers.ofByteArray());
      assertThat(redirect.statusCode()).isEqualTo(307);
      URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
      assertThat(location.getPort()).isEqualTo(server.port());
      assertThat(location.getRawQuery()).contains("X-Amz-Signature=");
      HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(location).build(), BodyHandlers.ofByteArray());
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(Digest.sha256(fetched.body())).isEqualTo(layerDigest);
      assertThat(fetched.body()).isEqualTo(layer);

      HttpResponse<Void> head = http.send(HttpRequest.newBuilder(registry.base().resolve("/v2/team/app/blobs/"
          + configDigest)).method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.discarding());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(config.length);
    }
  }

  @Test
  void redirectDownloadsOff_servesBlobsThroughTheRegistry_includingRanges() throws Exception {
    try (TestRegistry registry = TestRegistry.start(server.registryConfig(BUCKET,
        Map.of("redirect_downloads", false, "storage_path", "/direct")))) {
      byte[] layer = random(6 * MIB + 1, 2);
      Digest digest = pushInChunks(registry, "direct/app", layer, 2 * MIB, 4 * MIB + 1);

      HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(
          registry.base().resolve("/v2/direct/app/blobs/" + digest)).build(), BodyHandlers.ofByteArray());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(layer);

      HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(
          registry.base().resolve("/v2/direct/app/blobs/" + digest)).header("Range", "bytes=5000000-5000099")
          .build(), BodyHandlers.ofByteArray());
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(range.body()).isEqualTo(Arrays.copyOfRange(layer, 5_000_000, 5_000_100));
    }
  }

  /** POST, one PATCH per chunk size with its Content-Range, then the closing PUT. */
  private static Digest pushInChunks(TestRegistry registry, String repo, byte[] blob, int... chunkSizes)
      throws Exception {
    HttpResponse<String> start = http.send(HttpRequest.newBuilder(registry.base().resolve("/v2/" + repo
        + "/blobs/uploads/")).POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
    assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    int offset = 0;
    for (int size : chunkSizes) {
      HttpResponse<String> patch = http.send(HttpRequest.newBuilder(registry.base().resolve(location))
          .header("Content-Type", "application/octet-stream")
          .header("Content-Range", offset + "-" + (offset + size - 1))
          .method("PATCH", BodyPublishers.ofByteArray(blob, offset, size)).build(), BodyHandlers.ofString());
      assertThat(patch.statusCode()).as(patch.body()).isEqualTo(202);
      offset += size;
      assertThat(patch.headers().firstValue("Range")).contains("0-" + (offset - 1));
      location = patch.headers().firstValue("Location").orElseThrow();
    }
    assertThat(offset).isEqualTo(blob.length);
    Digest digest = Digest.sha256(blob);
    String separator = location.contains("?") ? "&" : "?";
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(registry.base().resolve(location + separator
        + "digest=" + digest)).PUT(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    return digest;
  }

  @Test
  void whileTheObjectStoreCannotBeReached_requestsThatNeedIt_are503Unavailable_andRecoverByThemselves()
      throws Exception {
    try (TcpProxy proxy = TcpProxy.start("127.0.0.1", server.port());
        TestRegistry registry = TestRegistry.start(server.registryConfig(BUCKET, Map.of(
            "endpoint_url", "http://127.0.0.1:" + proxy.port(), "redirect_downloads", false)))) {
      byte[] blob = random(70_000, 7);
      Digest digest = pushMonolithic(registry, "down/app", blob);
      URI blobUri = registry.base().resolve("/v2/down/app/blobs/" + digest);

      proxy.refuse();
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(blobUri).build(), BodyHandlers.ofString());
      assertThat(get.statusCode()).as(get.body()).isEqualTo(503);
      assertThat(get.body()).contains("\"UNAVAILABLE\"").doesNotContain("at dev.berth");
      byte[] other = random(1000, 8);
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(registry.base().resolve(
          "/v2/down/app/blobs/uploads/?digest=" + Digest.sha256(other)))
          .POST(BodyPublishers.ofByteArray(other)).build(), BodyHandlers.ofString());
      assertThat(post.statusCode()).as(post.body()).isEqualTo(503);

      proxy.restore();
      HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(blobUri).build(), BodyHandlers.ofByteArray());
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(blob);
      assertThat(pushMonolithic(registry, "down/app", other)).isEqualTo(Digest.sha256(other));
    }
  }

  private static Digest pushMonolithic(TestRegistry registry, String repo, byte[] blob) throws Exception {
    Digest digest = Digest.sha256(blob);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(registry.base().resolve("/v2/" + repo
        + "/blobs/uploads/?digest=" + digest)).header("Content-Type", "application/octet-stream")
        .POST(BodyPublishers.ofByteArray(blob)).build(), BodyHandlers.ofString());
    assertThat(post.statusCode()).as(post.body()).isEqualTo(201);
    return digest;
  }

  private static byte[] manifest(Digest config, long configSize, Digest layer, long layerSize) {
    return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
        + "\",\"size\":" + configSize + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
