package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static dev.berth.server.testing.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.TestRegistry;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted server continues what the previous one started: upload sessions (whose running hash was only in
 * memory), and everything already pushed. Each test stops a real server and starts another over the same data
 * directory.
 */
class UploadRestartTest {
  @TempDir
  Path dataDir;

  private static String uploadId(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @Test
  void chunkedUpload_startedBeforeRestart_continuesAfterIt() throws Exception {
    String repo = "restart/app";
    byte[] bytes = Images.randomBytes(300_000);
    Digest digest = Digest.sha256(bytes);
    String location;
    try (TestRegistry first = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(first.base());
      location = oci.openUpload(repo);
      expect(oci.patch(location, Arrays.copyOfRange(bytes, 0, 123_457), "Content-Range", "0-123456"), 202);
    }

    try (TestRegistry second = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(second.base());
      Response status = oci.get(location);
      assertThat(status.status()).isEqualTo(204);
      assertThat(status.header("Range")).contains("0-123456");
      assertThat(status.header("Docker-Upload-UUID")).contains(uploadId(location));
      expect(oci.patch(location, Arrays.copyOfRange(bytes, 123_457, 200_000), "Content-Range", "123457-199999"), 202);
      Response done = oci.put(withQuery(location, "digest", digest.value()), Arrays.copyOfRange(bytes, 200_000,
          bytes.length));

      assertThat(done.status()).isEqualTo(201);
      assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
    }
  }

  @Test
  void outOfOrderChunkAfterRestart_is416WithTheSurvivingRange() throws Exception {
    byte[] bytes = Images.randomBytes(1000);
    String location;
    try (TestRegistry first = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(first.base());
      location = oci.openUpload("restart/app");
      expect(oci.patch(location, Arrays.copyOfRange(bytes, 0, 500), "Content-Range", "0-499"), 202);
    }

    try (TestRegistry second = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(second.base());
      Response r = oci.patch(location, Arrays.copyOfRange(bytes, 600, 1000), "Content-Range", "600-999");

      assertOciError(r, 416, "RANGE_INVALID");
      assertThat(r.header("Range")).contains("0-499");
    }
  }

  @Test
  void sha512Session_continuesAfterRestart() throws Exception {
    String repo = "restart/sha512";
    byte[] bytes = Images.randomBytes(5000);
    Digest digest = Digest.compute(DigestAlgorithm.SHA512, bytes);
    String location;
    try (TestRegistry first = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(first.base());
      Response opened = expect(oci.post("/v2/" + repo + "/blobs/uploads/?digest-algorithm=sha512", new byte[0]), 202);
      location = OciClient.pathOf(opened.location(oci.base()));
      expect(oci.patch(location, Arrays.copyOfRange(bytes, 0, 2000)), 202);
    }

    try (TestRegistry second = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(second.base());
      expect(oci.patch(location, Arrays.copyOfRange(bytes, 2000, 5000)), 202);
      expect(oci.put(withQuery(location, "digest", digest.value()), new byte[0]), 201);

      assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
    }
  }

  @Test
  void emptySession_openedBeforeRestart_isUsableAfterIt() throws Exception {
    String repo = "restart/empty";
    byte[] bytes = Images.randomBytes(10);
    String location;
    try (TestRegistry first = TestRegistry.startIn(dataDir, Map.of())) {
      location = new OciClient(first.base()).openUpload(repo);
    }

    try (TestRegistry second = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(second.base());
      expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), bytes), 201);
      assertThat(expect(oci.getBlob(repo, Digest.sha256(bytes)), 200).body()).isEqualTo(bytes);
    }
  }

  @Test
  void uploadWhoseStoredBytesWereAltered_isRefusedAfterRestart_andCanBeCancelled() throws Exception {
    String repo = "restart/corrupt";
    byte[] bytes = Images.randomBytes(4000);
    String location;
    try (TestRegistry first = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(first.base());
      location = oci.openUpload(repo);
      expect(oci.patch(location, Arrays.copyOfRange(bytes, 0, 3000)), 202);
    }
    try (RandomAccessFile file = new RandomAccessFile(
        dataDir.resolve("storage/uploads").resolve(uploadId(location)).toFile(), "rw")) {
      file.seek(1234);
      file.write(~bytes[1234]);
    }

    try (TestRegistry second = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(second.base());
      assertOciError(oci.patch(location, Arrays.copyOfRange(bytes, 3000, 4000)), 400, "BLOB_UPLOAD_INVALID");
      assertOciError(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 400,
          "BLOB_UPLOAD_INVALID");
      assertThat(oci.headBlob(repo, Digest.sha256(bytes)).status()).isEqualTo(404);

      assertThat(oci.delete(location).status()).isEqualTo(204);
      assertThat(oci.pushBlob(repo, bytes)).isEqualTo(Digest.sha256(bytes));
    }
  }

  @Test
  void pushedContent_survivesRestart() throws Exception {
    String repo = "restart/content";
    Images.Image image = Images.oci().layers(2).build();
    try (TestRegistry first = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(first.base());
      expect(oci.push(repo, "v1", image), 201);
      expect(oci.push(repo, "v2", Images.oci().build()), 201);
      expect(oci.delete("/v2/" + repo + "/manifests/v2"), 202);
    }

    try (TestRegistry second = TestRegistry.startIn(dataDir, Map.of())) {
      OciClient oci = new OciClient(second.base());
      assertThat(expect(oci.getManifest(repo, "v1"), 200).body()).isEqualTo(image.bytes());
      for (Images.Blob blob : image.blobs()) {
        assertThat(expect(oci.getBlob(repo, blob.digest()), 200).body()).isEqualTo(blob.bytes());
      }
      assertThat(expect(oci.get("/v2/" + repo + "/tags/list"), 200).json().path("tags").toString())
          .isEqualTo("[\"v1\"]");
      assertOciError(oci.getManifest(repo, "v2"), 404, "MANIFEST_UNKNOWN");
    }
  }
}
