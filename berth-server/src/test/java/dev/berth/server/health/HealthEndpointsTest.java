package dev.berth.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.testing.LocalS3;
import dev.berth.server.testing.RedisDatabase;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/instance} and {@code /health/endtoend} in Quay's shape
 * ({@code {"data":{"services":{name: bool}},"status_code":N}}), on the embedded defaults, with Redis, and with
 * broken storage (local and S3), which is critical: 503.
 */
class HealthEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void instanceAndEndToEnd_onTheEmbeddedDefaults_are200_namingDatabaseAndStorage_only() throws Exception {
    try (TestRegistry node = TestRegistry.start()) {
      NodeClient client = new NodeClient(node.base());
      for (String path : List.of("/health/instance", "/health/endtoend", "/health")) {
        HttpResponse<String> r = client.get(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
            t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = JSON.readTree(r.body());
        assertThat(fieldNames(body)).containsExactly("data", "status_code");
        assertThat(body.path("status_code").asInt()).isEqualTo(200);
        assertThat(fieldNames(body.path("data"))).containsExactly("services");
        assertThat(body.path("data").path("services").toString()).isEqualTo("{\"database\":true,\"storage\":true}");
      }
    }
  }

  @Test
  void endToEnd_roundTripsThroughStorage_andLeavesNoUploadBehind() throws Exception {
    try (TestRegistry node = TestRegistry.start()) {
      NodeClient client = new NodeClient(node.base());
      for (int i = 0; i < 3; i++) {
        assertThat(client.get("/health/endtoend").statusCode()).isEqualTo(200);
      }
      try (Stream<Path> uploads = Files.list(node.dataDir().resolve("storage/uploads"))) {
        assertThat(uploads).isEmpty();
      }
    }
  }

  @Test
  void withRedisConfigured_bothReportsNameRedis() throws Exception {
    try (RedisDatabase redis = RedisDatabase.claim(); TestRegistry node = TestRegistry.start(redis.config())) {
      NodeClient client = new NodeClient(node.base());
      for (String path : List.of("/health/instance", "/health/endtoend")) {
        HttpResponse<String> r = client.get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("data").path("services").toString())
            .isEqualTo("{\"database\":true,\"storage\":true,\"redis\":true}");
      }
    }
  }

  // Tests run as root (CI does), for whom a read-only directory is still writable: a file put where the
  // storage's directory was breaks it for anyone.
  @Test
  void localBlobDirectoryGone_instanceAndEndToEndAre503_storageFalse_andRecoverWhenItIsBack() throws Exception {
    try (TestRegistry node = TestRegistry.start()) {
      NodeClient client = new NodeClient(node.base());
      Path blobs = node.dataDir().resolve("storage/blobs");
      Path aside = node.dataDir().resolve("blobs-aside");
      Files.move(blobs, aside);
      Files.writeString(blobs, "not a directory");

      assertBroken(client.get("/health/instance"), "storage");
      assertBroken(client.get("/health/endtoend"), "storage");

      Files.delete(blobs);
      Files.move(aside, blobs);
      assertThat(client.get("/health/instance").statusCode()).isEqualTo(200);
      assertThat(client.get("/health/endtoend").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void localUploadDirectoryGone_instanceAndEndToEndAre503_storageFalse() throws Exception {
    try (TestRegistry node = TestRegistry.start()) {
      NodeClient client = new NodeClient(node.base());
      Path uploads = node.dataDir().resolve("storage/uploads");
      Files.delete(uploads);
      Files.writeString(uploads, "not a directory");
      assertBroken(client.get("/health/endtoend"), "storage");
      assertBroken(client.get("/health/instance"), "storage");
    }
  }

  @Test
  void s3BucketDeleted_instanceAndEndToEndAre503_storageFalse_andRecoverWhenItIsBack() throws Exception {
    try (LocalS3 s3 = LocalS3.start()) {
      s3.createBucket("health");
      Map<String, Object> config = new HashMap<>(s3.storageConfig("health", "/registry"));
      try (TestRegistry node = TestRegistry.start(config)) {
        NodeClient client = new NodeClient(node.base());
        assertThat(client.get("/health/endtoend").statusCode()).isEqualTo(200);
        assertThat(s3.objectCount("health", "")).as("the probe cleans up after itself").isZero();

        s3.deleteBucket("health");
        assertBroken(client.get("/health/instance"), "storage");
        assertBroken(client.get("/health/endtoend"), "storage");

        s3.createBucket("health");
        assertThat(client.get("/health/instance").statusCode()).isEqualTo(200);
        assertThat(client.get("/health/endtoend").statusCode()).isEqualTo(200);
      }
    }
  }

  private static void assertBroken(HttpResponse<String> r, String service) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status_code").asInt()).isEqualTo(503);
    JsonNode services = body.path("data").path("services");
    assertThat(services.path(service).isBoolean()).as(r.body()).isTrue();
    assertThat(services.path(service).asBoolean()).as(r.body()).isFalse();
    assertThat(services.path("database").asBoolean()).as(r.body()).isTrue();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
