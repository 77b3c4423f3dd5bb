package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.MediaTypes;
import dev.berth.server.e2e.OciLayout.Desc;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked push (PATCH with {@code Content-Range}, several chunks per blob) of a umoci-built image, pulled back
 * with skopeo and compared. No installed client pushes in chunks (skopeo, podman and buildah, all on
 * containers/image, stream each blob in one PATCH without {@code Content-Range}), so the JDK HttpClient does the
 * chunking here, as the spec's "chunked upload" describes it; skopeo is the independent reader.
 */
class ChunkedUploadE2ETest {
  @TempDir
  static Path work;

  static TestRegistry registry;
  static RegistryHttp http;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start();
    http = new RegistryHttp(registry.base());
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void chunkedPush_ofEveryBlob_isPulledBackIntactBySkopeo() throws Exception {
    OciLayout source = OciLayout.init(work.resolve("source"));
    Desc image = source.buildImage("v1", 2, 3_000_000);
    assertThat(source.manifest("v1").path("layers")).hasSize(2);
    List<String> blobs = new ArrayList<>(source.layerDigests("v1"));
    blobs.add(source.configDigest("v1"));

    for (String digest : blobs) {
      pushInChunks("e2e/chunked", digest, source.blob(digest));
    }
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(http.resolve("/v2/e2e/chunked/manifests/v1"))
        .header("Content-Type", MediaTypes.OCI_MANIFEST).PUT(BodyPublishers.ofByteArray(source.blob(image.digest()))));
    assertThat(put.statusCode()).as("manifest PUT: %s", put.body()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(image.digest());

    Skopeo skopeo = new Skopeo(registry.hostPort());
    OciLayout out = OciLayout.at(work.resolve("out"));
    skopeo.pull("e2e/chunked:v1", out.ref("v1"));
    assertThat(out.descriptor("v1").digest()).isEqualTo(image.digest());
    for (String digest : blobs) {
      assertThat(out.blob(digest)).as("blob %s", digest).isEqualTo(source.blob(digest));
    }
    out.assertBlobsIntact();
    assertThat(skopeo.inspect("e2e/chunked:v1").path("Digest").asText()).isEqualTo(image.digest());
  }

  /**
   * POST, then PATCHes of uneven sizes, each checked for its {@code Range} and {@code Location} and followed by
   * a status GET, then PUT with the digest.
   */
  private static void pushInChunks(String repo, String digest, byte[] content) throws Exception {
    String location = http.startUpload(repo);
    int[] sizes = chunkSizes(content.length);
    assertThat(sizes.length).as("chunks for %s", digest).isGreaterThanOrEqualTo(2);
    int offset = 0;
    for (int size : sizes) {
      byte[] chunk = Arrays.copyOfRange(content, offset, offset + size);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(http.resolve(location))
          .header("Content-Type", "application/octet-stream")
          .header("Content-Range", offset + "-" + (offset + size - 1))
          .method("PATCH", BodyPublishers.ofByteArray(chunk)));
      assertThat(r.statusCode()).as("PATCH %d-%d: %s", offset, offset + size - 1, r.body()).isEqualTo(202);
      offset += size;
      assertThat(r.headers().firstValue("Range")).contains("0-" + (offset - 1));
      location = r.headers().firstValue("Location").orElseThrow();

      HttpResponse<String> status = http.send(HttpRequest.newBuilder(http.resolve(location)).GET());
      assertThat(status.statusCode()).isEqualTo(204);
      assertThat(status.headers().firstValue("Range")).contains("0-" + (offset - 1));
    }
    HttpResponse<String> done = http.completeUpload(location, digest);
    assertThat(done.statusCode()).as("PUT %s: %s", digest, done.body()).isEqualTo(201);
    assertThat(done.headers().firstValue("Docker-Content-Digest")).contains(digest);
  }

  /** A 1 MiB chunk, one of an odd size, then the rest; for small blobs (a config), three near-equal parts. */
  private static int[] chunkSizes(int length) {
    if (length < 2 * 1024 * 1024) {
      int third = length / 3;
      return new int[] {third, third, length - 2 * third};
    }
    int first = 1024 * 1024;
    int second = 777_777;
    return new int[] {first, second, length - first - second};
  }
}
