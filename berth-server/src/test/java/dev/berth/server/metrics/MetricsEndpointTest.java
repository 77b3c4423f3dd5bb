package dev.berth.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.PausingBody;
import dev.berth.server.testing.PrometheusText;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after real registry traffic: request counts and latency histograms by route, method and status;
 * bytes in and out; uploads in progress while a PATCH streams; cache hits after repeated GETs; the database pool.
 */
class MetricsEndpointTest {
  private static final String SECONDS = "berth_http_requests_seconds";
  static TestRegistry node;
  static NodeClient client;

  @BeforeAll
  static void start() throws Exception {
    node = TestRegistry.start();
    client = new NodeClient(node.base());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  private static PrometheusText scrape() throws Exception {
    HttpResponse<String> r = client.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    return PrometheusText.parse(r.body());
  }

  private static Map<String, String> labels(String route, String method, int status) {
    return Map.of("route", route, "method", method, "status", Integer.toString(status));
  }

  @Test
  void requests_areCountedByRouteMethodAndStatus_withHistograms() throws Exception {
    NodeClient.Image image = client.pushImage("metrics/requests", "v1", 1, 4096);
    for (int i = 0; i < 3; i++) {
      assertThat(client.getManifest("metrics/requests", "v1").statusCode()).isEqualTo(200);
    }
    assertThat(client.getManifest("metrics/requests", "absent").statusCode()).isEqualTo(404);
    assertThat(client.headBlob("metrics/requests", image.layer()).statusCode()).isEqualTo(200);
    Digest absent = Digest.sha256(new byte[] {1, 2, 3});
    assertThat(client.getBlob("metrics/requests", absent).statusCode()).isEqualTo(404);
    String location = client.startUpload("metrics/requests");
    byte[] chunk = NodeClient.random(1000, 2);
    assertThat(client.patch(location, chunk, 0, chunk.length).statusCode()).isEqualTo(202);
    assertThat(client.completeUpload(location, Digest.sha256(chunk)).statusCode()).isEqualTo(201);

    PrometheusText m = scrape();
    assertThat(m.sum(SECONDS + "_count", labels("manifest", "PUT", 201))).isGreaterThanOrEqualTo(1);
    assertThat(m.sum(SECONDS + "_count", labels("manifest", "GET", 200))).isGreaterThanOrEqualTo(3);
    assertThat(m.sum(SECONDS + "_count", labels("manifest", "GET", 404))).isGreaterThanOrEqualTo(1);
    assertThat(m.sum(SECONDS + "_count", labels("blob", "HEAD", 200))).isGreaterThanOrEqualTo(1);
    assertThat(m.sum(SECONDS + "_count", labels("blob", "GET", 404))).isGreaterThanOrEqualTo(1);
    assertThat(m.sum(SECONDS + "_count", labels("uploads", "POST", 201))).as("monolithic pushes")
        .isGreaterThanOrEqualTo(2);
    assertThat(m.sum(SECONDS + "_count", labels("uploads", "POST", 202))).isGreaterThanOrEqualTo(1);
    assertThat(m.sum(SECONDS + "_count", labels("upload", "PATCH", 202))).isGreaterThanOrEqualTo(1);
    assertThat(m.sum(SECONDS + "_count", labels("upload", "PUT", 201))).isGreaterThanOrEqualTo(1);

    Map<String, String> gets = labels("manifest", "GET", 200);
    double count = m.sum(SECONDS + "_count", gets);
    assertThat(m.find(SECONDS + "_bucket", gets)).as("a latency histogram").hasSizeGreaterThan(5);
    assertThat(m.find(SECONDS + "_bucket", Map.of("route", "manifest", "method", "GET", "status", "200",
        "le", "+Inf"))).singleElement().extracting(PrometheusText.Sample::value).isEqualTo(count);
    assertThat(m.sum(SECONDS + "_sum", gets)).isPositive();
  }

  @Test
  void bytes_inAndOut_areCountedByRoute() throws Exception {
    PrometheusText before = scrape();
    NodeClient.Image image = client.pushImage("metrics/bytes", "v1", 3, 300_000);
    HttpResponse<byte[]> blob = client.getBlob("metrics/bytes", image.layer());
    assertThat(blob.body()).hasSize(300_000);
    PrometheusText after = scrape();
    assertThat(after.sum("berth_http_received_bytes_sum", Map.of("route", "uploads"))
        - before.sum("berth_http_received_bytes_sum", Map.of("route", "uploads"))).isGreaterThanOrEqualTo(300_000);
    assertThat(after.sum("berth_http_sent_bytes_sum", Map.of("route", "blob"))
        - before.sum("berth_http_sent_bytes_sum", Map.of("route", "blob"))).isGreaterThanOrEqualTo(300_000);
    assertThat(after.sum("berth_http_received_bytes_sum", Map.of("route", "manifest"))
        - before.sum("berth_http_received_bytes_sum", Map.of("route", "manifest"))).isEqualTo(image.manifest().length);
  }

  @Test
  void uploadsInProgress_isOneWhileAPatchStreams_andZeroAfter() throws Exception {
    byte[] blob = NodeClient.random(3 << 20, 4);
    String location = client.startUpload("metrics/slow");
    PausingBody body = new PausingBody(blob, 0, 1 << 20);
    try {
      CompletableFuture<HttpResponse<String>> patch = client.http().sendAsync(client.request(location)
          .header("Content-Type", "application/octet-stream").header("Content-Range", "0-" + (blob.length - 1))
          .method("PATCH", BodyPublishers.ofInputStream(() -> body)).build(), BodyHandlers.ofString());
      body.awaitPaused();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      double inProgress;
      while ((inProgress = scrape().sum("berth_uploads_in_progress")) < 1 && System.nanoTime() < deadline) {
        Thread.sleep(20); // the server may not have begun reading the body yet
      }
      assertThat(inProgress).as("while the PATCH streams").isEqualTo(1);
      body.release();
      assertThat(patch.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
      assertThat(scrape().sum("berth_uploads_in_progress")).as("after it ended").isZero();
    } finally {
      body.end();
    }
  }

  @Test
  void cacheHits_growWithRepeatedGets_andMissesCountTheFirst() throws Exception {
    NodeClient.Image image = client.pushImage("metrics/cache", "v1", 5, 1000);
    PrometheusText before = scrape();
    for (int i = 0; i < 5; i++) {
      assertThat(client.getManifest("metrics/cache", "v1").statusCode()).isEqualTo(200);
      assertThat(client.headBlob("metrics/cache", image.layer()).statusCode()).isEqualTo(200);
    }
    PrometheusText after = scrape();
    double hits = after.sum("berth_cache_hits_total") - before.sum("berth_cache_hits_total");
    double misses = after.sum("berth_cache_misses_total") - before.sum("berth_cache_misses_total");
    assertThat(hits).as("4 repeated manifest and 4 repeated blob lookups").isGreaterThanOrEqualTo(8);
    assertThat(misses).as("the first lookups").isGreaterThanOrEqualTo(1);
  }

  @Test
  void databasePool_isReported() throws Exception {
    PrometheusText m = scrape();
    assertThat(m.find("hikaricp_connections", Map.of())).isNotEmpty()
        .allSatisfy(s -> assertThat(s.labels()).containsKey("pool"));
    assertThat(m.sum("hikaricp_connections_max")).isPositive();
    assertThat(m.has("hikaricp_connections_active")).isTrue();
    assertThat(m.has("jvm_memory_used_bytes")).isTrue();
  }

  @Test
  void berthsOwnMetrics_sayWhatTheyCount_inTheirHelpLines() throws Exception {
    client.get("/v2/");
    String text = client.get("/metrics").body();
    for (String metric : java.util.List.of("berth_http_requests_seconds", "berth_http_sent_bytes",
        "berth_uploads_in_progress", "berth_cache_hits_total", "berth_cache_misses_total")) {
      assertThat(text.lines().filter(l -> l.startsWith("# HELP " + metric + " ")))
          .as("HELP of %s", metric).singleElement()
          .satisfies(l -> assertThat(l.substring(("# HELP " + metric + " ").length())).hasSizeGreaterThan(10));
    }
  }
}
