package dev.berth.server.cluster;

import dev.berth.server.testing.BerthProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.PausingBody;
import dev.berth.server.testing.PrometheusText;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out tests of issue 4 on PostgreSQL + S3 + Redis: the push and pull tests of {@link TwoNodeContract},
 * and an upload that moves between nodes, a tag moved on one node and read on the other at once, and an upload
 * whose node is killed with SIGKILL in the middle of a chunk and that another node finishes.
 */
class PostgresClusterTest extends TwoNodeContract {
  private static final int MIB = 1 << 20;

  @Override
  protected Databases.Kind kind() {
    return Databases.Kind.POSTGRESQL;
  }

  @Test
  void chunkedUpload_startedOnA_continuedOnBothNodes_finishedOnB() throws Exception {
    byte[] blob = NodeClient.random(11 * MIB + 3, 61);
    String location = a.startUpload("chunks/app");
    int[][] plan = {{0, 3 * MIB}, {1, 5 * MIB + 1}, {0, 1}, {1, 3 * MIB + 1}}; // node, size: parts under 5 MiB
    int offset = 0;
    for (int[] step : plan) {
      NodeClient node = step[0] == 0 ? a : b;
      HttpResponse<String> patch = node.patch(location, blob, offset, step[1]);
      assertThat(patch.statusCode()).as("PATCH on node %d: %s", step[0], patch.body()).isEqualTo(202);
      offset += step[1];
      assertThat(patch.headers().firstValue("Range")).contains("0-" + (offset - 1));
      location = patch.headers().firstValue("Location").orElseThrow();
      NodeClient other = step[0] == 0 ? b : a;
      HttpResponse<String> status = other.uploadStatus(location);
      assertThat(status.statusCode()).isEqualTo(204);
      assertThat(status.headers().firstValue("Range")).as("the other node reports the same progress")
          .contains("0-" + (offset - 1));
    }
    assertThat(offset).isEqualTo(blob.length);

    HttpResponse<String> outOfOrder = a.patch(location, blob, 0, 10);
    assertThat(outOfOrder.statusCode()).isEqualTo(416);
    assertThat(outOfOrder.headers().firstValue("Range")).contains("0-" + (offset - 1));

    Digest digest = Digest.sha256(blob);
    HttpResponse<String> put = b.completeUpload(location, digest);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(digest.toString());
    for (NodeClient node : List.of(a, b)) {
      HttpResponse<byte[]> got = node.getBlob("chunks/app", digest);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(blob);
    }
    assertThat(a.uploadStatus(location).statusCode()).as("the finished session is gone").isEqualTo(404);
  }

  @Test
  void tagMovedOnA_isReadOnB_atOnce_fiftyTimesInARow() throws Exception {
    NodeClient.Image x = a.pushImage("moving/app", "x", 71, 2000);
    NodeClient.Image y = a.pushImage("moving/app", "y", 72, 2000);
    assertThat(b.getManifest("moving/app", "x").statusCode()).isEqualTo(200);
    double hitsBefore = cacheHits(b);
    for (int i = 0; i < 50; i++) {
      NodeClient.Image target = i % 2 == 0 ? x : y;
      HttpResponse<String> put = a.putManifest("moving/app", "latest", target.manifest());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
      for (int read = 0; read < 2; read++) { // the first read on B loads, the second may come from B's cache
        HttpResponse<byte[]> got = b.getManifest("moving/app", "latest");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Docker-Content-Digest"))
            .as("move %d, read %d on B", i, read).contains(target.manifestDigest().toString());
        assertThat(got.body()).isEqualTo(target.manifest());
      }
    }
    assertThat(cacheHits(b)).as("B answered the repeated reads from its cache").isGreaterThan(hitsBefore);
  }

  @Test
  void control_withoutASharedRedis_nodeBKeepsServingTheTagItCached_soTheTestAboveCouldFail() throws Exception {
    try (TestRegistry c = TestRegistry.start(sharedConfig(false));
        TestRegistry d = TestRegistry.start(sharedConfig(false))) {
      NodeClient nodeC = new NodeClient(c.base());
      NodeClient nodeD = new NodeClient(d.base());
      NodeClient.Image x = nodeC.pushImage("uncoordinated/app", "latest", 81, 1000);
      assertThat(nodeD.getManifest("uncoordinated/app", "latest").body()).isEqualTo(x.manifest());
      NodeClient.Image y = nodeC.pushImage("uncoordinated/app", "latest", 82, 1000);
      assertThat(nodeC.getManifest("uncoordinated/app", "latest").body()).isEqualTo(y.manifest());
      assertThat(nodeD.getManifest("uncoordinated/app", "latest").body())
          .as("each node's in-process stamps know nothing of the other's writes").isEqualTo(x.manifest());
    }
  }

  @Test
  void uploadOnAKilledNode_isFinishedOnB_fromTheRangeBReports(@TempDir Path tmp) throws Exception {
    byte[] blob = NodeClient.random(16 * MIB + 5, 91);
    Digest digest = Digest.sha256(blob);
    Map<String, Object> config = new HashMap<>(sharedConfig(true));
    config.put("HTTP_HOST", "127.0.0.1");
    config.put("HTTP_PORT", 0);
    config.put("DATA_DIR", tmp.resolve("data").toString());
    config.put("AUTHENTICATION_TYPE", "None");
    config.put("ACCESS_LOG", false);
    PausingBody body = new PausingBody(blob, 6 * MIB, 9 * MIB);
    try (BerthProcess doomed = BerthProcess.startWithConfig(tmp, config)) {
      NodeClient viaDoomed = new NodeClient(doomed.base());
      String location = viaDoomed.startUpload("crash/app");
      HttpResponse<String> first = viaDoomed.patch(location, blob, 0, 6 * MIB);
      assertThat(first.statusCode()).as(first.body()).isEqualTo(202);

      // The second chunk stops after 3 MiB and never ends: the node dies while it is streaming.
      CompletableFuture<HttpResponse<String>> inFlight = viaDoomed.http().sendAsync(viaDoomed.request(location)
          .header("Content-Type", "application/octet-stream")
          .header("Content-Range", (6 * MIB) + "-" + (blob.length - 1))
          .method("PATCH", BodyPublishers.ofInputStream(() -> body)).build(), BodyHandlers.ofString());
      body.awaitPaused();
      awaitUploadStreaming(viaDoomed); // the node is inside the PATCH, receiving its body
      assertThat(doomed.killHard()).as("killed by SIGKILL").isEqualTo(137);
      assertThat(inFlight).failsWithin(30, TimeUnit.SECONDS);

      HttpResponse<String> status = b.uploadStatus(location);
      assertThat(status.statusCode()).as("B knows the session: %s", status.body()).isEqualTo(204);
      String range = status.headers().firstValue("Range").orElseThrow();
      long resumeAt = Long.parseLong(range.substring(range.indexOf('-') + 1)) + 1;
      assertThat(resumeAt).as("B resumes no earlier than the last answered chunk, no later than what was sent")
          .isBetween(6L * MIB, 9L * MIB);

      // The dead node's lease on the upload blocks writers until it expires (Uploads.LEASE_TTL, 15 s): probe
      // with one byte (a refused large body may lose its answer to the connection's close).
      HttpResponse<String> probe = b.patch(location, blob, (int) resumeAt, 1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (probe.statusCode() == 400 && probe.body().contains("being written by another request")
          && System.nanoTime() < deadline) {
        assertThat(b.uploadStatus(location).headers().firstValue("Range")).contains(range);
        Thread.sleep(500);
        probe = b.patch(location, blob, (int) resumeAt, 1);
      }
      assertThat(probe.statusCode()).as(probe.body()).isEqualTo(202);
      HttpResponse<String> rest = b.patch(location, blob, (int) resumeAt + 1, blob.length - (int) resumeAt - 1);
      assertThat(rest.statusCode()).as(rest.body()).isEqualTo(202);
      HttpResponse<String> put = b.completeUpload(rest.headers().firstValue("Location").orElseThrow(), digest);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
      HttpResponse<byte[]> pulled = b.getBlob("crash/app", digest);
      assertThat(pulled.statusCode()).isEqualTo(200);
      assertThat(pulled.body()).isEqualTo(blob);
    } finally {
      body.end();
    }
  }

  @Test
  void sameChunkPatchedThroughBothNodesAtOnce_neverLeavesABlobWhoseBytesDifferFromItsDigest() throws Exception {
    byte[] honest = NodeClient.random(MIB, 101);
    byte[] other = NodeClient.random(MIB, 102);
    Digest digest = Digest.sha256(honest);
    String location = a.startUpload("race/app");
    PausingBody slow = new PausingBody(other, 0, MIB / 2);
    try {
      CompletableFuture<HttpResponse<String>> onB = b.http().sendAsync(b.request(location)
          .header("Content-Type", "application/octet-stream").header("Content-Range", "0-" + (MIB - 1))
          .method("PATCH", BodyPublishers.ofInputStream(() -> slow)).build(), BodyHandlers.ofString());
      slow.awaitPaused();
      awaitUploadStreaming(b); // B took the session at offset 0 and is receiving its chunk
      HttpResponse<String> onA = a.patch(location, honest, 0, MIB);
      slow.release();
      HttpResponse<String> bAnswer = onB.get(60, TimeUnit.SECONDS);
      assertThat(onA.statusCode() == 202 && bAnswer.statusCode() == 202)
          .as("both PATCHes of the same range were accepted: A %s, B %s", onA.body(), bAnswer.body()).isFalse();

      HttpResponse<String> put = a.completeUpload(location, digest);
      if (put.statusCode() == 201) {
        for (NodeClient node : List.of(a, b)) {
          HttpResponse<byte[]> got = node.getBlob("race/app", digest);
          assertThat(Digest.sha256(got.body())).as("the bytes served as %s", digest).isEqualTo(digest);
        }
      } else {
        assertThat(put.statusCode()).as(put.body()).isBetween(400, 499);
      }
    } finally {
      slow.end();
    }
  }

  private static void awaitUploadStreaming(NodeClient node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (PrometheusText.parse(node.get("/metrics").body()).sum("berth_uploads_in_progress") < 1) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the node never started receiving the upload");
      }
      Thread.sleep(20);
    }
  }

  private static double cacheHits(NodeClient node) throws Exception {
    return PrometheusText.parse(node.get("/metrics").body()).sum("berth_cache_hits_total");
  }
}
