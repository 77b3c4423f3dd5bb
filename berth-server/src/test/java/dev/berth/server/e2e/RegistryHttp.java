package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The few raw registry requests the end-to-end tests make themselves, over the JDK HttpClient: checks of what the
 * server holds, and the chunked push that no installed client performs.
 */
final class RegistryHttp {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;

  RegistryHttp(URI base) {
    this.base = base;
  }

  URI resolve(String pathOrLocation) {
    return base.resolve(pathOrLocation);
  }

  HttpResponse<Void> head(String path, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(resolve(path)).method("HEAD", BodyPublishers.noBody());
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), BodyHandlers.discarding());
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(resolve(path)).GET().build(), BodyHandlers.ofByteArray());
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
