package dev.berth.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.LocalS3;
import dev.berth.server.testing.RedisDatabase;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Berth nodes on different ports sharing one database (fresh, of the subclass's kind), one S3-compatible
 * server (S3Proxy on loopback) and one Redis (a database claimed for the class): whatever goes in through one
 * node comes out of the other, byte for byte, and every write through one is seen at once through the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodeContract {
  static final String BUCKET = "berth-cluster";

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  Databases.Fresh database;
  LocalS3 s3;
  RedisDatabase redis;
  TestRegistry nodeA;
  TestRegistry nodeB;
  NodeClient a;
  NodeClient b;

  /** The database both nodes share. */
  protected abstract Databases.Kind kind();

  @BeforeAll
  void startCluster() throws Exception {
    database = Databases.create(kind(), Path.of(System.getProperty("java.io.tmpdir")));
    resources.push(database);
    s3 = LocalS3.start();
    resources.push(s3);
    s3.createBucket(BUCKET);
    redis = RedisDatabase.claim();
    resources.push(redis);
    nodeA = TestRegistry.start(sharedConfig(true));
    resources.push(nodeA);
    nodeB = TestRegistry.start(sharedConfig(true));
    resources.push(nodeB);
    a = new NodeClient(nodeA.base());
    b = new NodeClient(nodeB.base());
  }

  @AfterAll
  void stopCluster() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** What every node of the cluster is configured with: the shared database, bucket and (if asked) Redis. */
  Map<String, Object> sharedConfig(boolean withRedis) {
    Map<String, Object> config = new HashMap<>();
    config.put("DB_URI", database.dbUri());
    config.putAll(s3.storageConfig(BUCKET, "/registry"));
    if (withRedis) {
      config.putAll(redis.config());
    }
    return config;
  }

  @Test
  void skopeo_pushThroughA_pullThroughB_givesTheSameManifestAndLayers(@TempDir Path tmp) throws Exception {
    Path source = tmp.resolve("source");
    OciImageDir.Written image = OciImageDir.write(source, "v1", 11, 3 << 20, 200_000, 7 << 20);
    Skopeo.push(source, "v1", nodeA.hostPort(), "skopeo/app:v1");

    Path pulled = tmp.resolve("pulled");
    Files.createDirectories(pulled);
    Skopeo.pull(nodeB.hostPort(), "skopeo/app:v1", pulled, "v1");
    assertThat(OciImageDir.manifestOf(pulled, "v1")).isEqualTo(image.manifest());
    assertThat(OciImageDir.readBlob(pulled, image.manifest())).isEqualTo(OciImageDir.readBlob(source,
        image.manifest()));
    assertThat(OciImageDir.readBlob(pulled, image.config())).isEqualTo(OciImageDir.readBlob(source, image.config()));
    for (Digest layer : image.layers()) {
      assertThat(Digest.sha256(OciImageDir.readBlob(pulled, layer))).isEqualTo(layer);
    }
  }

  @Test
  void httpClient_pushThroughA_pullThroughB_byteForByte_andBListsTheTag() throws Exception {
    NodeClient.Image image = a.pushImage("http/app", "v1", 21, (6 << 20) + 17);
    b.assertPulls("http/app", "v1", image);
    b.assertPulls("http/app", image.manifestDigest().toString(), image);
    assertThat(b.headBlob("http/app", image.layer()).statusCode()).isEqualTo(200);
    JsonNode tags = OciImageDir.JSON.readTree(b.get("/v2/http/app/tags/list").body());
    assertThat(tags.path("tags").toString()).isEqualTo("[\"v1\"]");
  }

  @Test
  void blobsPushedThroughA_manifestThroughB_pullThroughA() throws Exception {
    byte[] layer = NodeClient.random(300_000, 31);
    Digest layerDigest = a.pushBlob("mixed/app", layer);
    byte[] config = "{\"architecture\":\"arm64\",\"os\":\"linux\"}".getBytes();
    Digest configDigest = a.pushBlob("mixed/app", config);
    byte[] manifest = NodeClient.manifest(configDigest, config.length, layerDigest, layer.length);
    HttpResponse<String> put = b.putManifest("mixed/app", "v1", manifest);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    a.assertPulls("mixed/app", "v1", new NodeClient.Image(manifest, Digest.sha256(manifest), configDigest,
        layerDigest, layer));
  }

  @Test
  void deletesThroughA_areSeenThroughB_atOnce_evenWhereBHadTheAnswerCached() throws Exception {
    NodeClient.Image image = a.pushImage("deleting/app", "v1", 41, 100_000);
    for (int i = 0; i < 2; i++) { // the second round is answered from B's cache
      assertThat(b.getManifest("deleting/app", image.manifestDigest().toString()).statusCode()).isEqualTo(200);
      assertThat(b.headBlob("deleting/app", image.layer()).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> deleteManifest = a.send(a.request("/v2/deleting/app/manifests/" + image.manifestDigest())
        .DELETE());
    assertThat(deleteManifest.statusCode()).as(deleteManifest.body()).isEqualTo(202);
    assertThat(b.getManifest("deleting/app", image.manifestDigest().toString()).statusCode()).isEqualTo(404);
    assertThat(b.getManifest("deleting/app", "v1").statusCode()).isEqualTo(404);

    HttpResponse<String> deleteBlob = a.send(a.request("/v2/deleting/app/blobs/" + image.layer()).DELETE());
    assertThat(deleteBlob.statusCode()).as(deleteBlob.body()).isEqualTo(202);
    assertThat(b.headBlob("deleting/app", image.layer()).statusCode()).isEqualTo(404);
  }
}
