package dev.berth.server.db;

import static dev.berth.server.db.RegistryClient.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.Databases.Kind;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database goes away while Berth runs (a proxy between them resets every connection and refuses new ones):
 * requests that need it fail with 503 {@code UNAVAILABLE} within the connection timeout, and succeed again by
 * themselves once the database is back. The times are printed, not asserted beyond "bounded".
 */
class DatabaseOutageTest {
  static final int TIMEOUT_S = 1;
  /** Far above the connection timeout: the bound only separates "fails in time" from "hangs". */
  static final Duration BOUND = Duration.ofSeconds(TIMEOUT_S + 9);
  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = {"POSTGRESQL", "MARIADB"})
  void databaseGoesAway_requestsGet503InTime_andRecoverWhenItReturns(Kind kind) throws Exception {
    Path dir = Files.createTempDirectory("berth-outage-");
    int dbPort = kind == Kind.POSTGRESQL ? 5432 : 3306;
    try (Databases.Fresh fresh = Databases.create(kind, dir);
        TcpProxy proxy = new TcpProxy("127.0.0.1", dbPort);
        TestRegistry registry = TestRegistry.start(Map.of(
            "DB_URI", fresh.dbUri().replace("127.0.0.1:" + dbPort + "/", "127.0.0.1:" + proxy.port() + "/"),
            "DB_CONNECTION_TIMEOUT_S", TIMEOUT_S))) {
      RegistryClient client = new RegistryClient(registry.base(), Duration.ofSeconds(60));
      String repo = "outage/" + kind.name().toLowerCase(java.util.Locale.ROOT);
      byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
      byte[] layer = new byte[50_000];
      new Random(1).nextBytes(layer);
      String layerDigest = client.pushBlob(repo, layer);
      byte[] manifest = RegistryClient.imageManifest(client.pushBlob(repo, config), config.length, layerDigest,
          layer.length);
      assertThat(client.putManifest(repo, "v1", manifest).statusCode()).isEqualTo(201);
      assertThat(client.get("/v2/" + repo + "/tags/list").statusCode()).isEqualTo(200);

      proxy.cut();

      Map<String, Long> millisTo503 = new LinkedHashMap<>();
      millisTo503.put("GET tags/list", expect503(client, "GET", "/v2/" + repo + "/tags/list", null));
      millisTo503.put("HEAD blob", expect503(client, "HEAD", "/v2/" + repo + "/blobs/" + layerDigest, null));
      millisTo503.put("POST upload", expect503(client, "POST", "/v2/" + repo + "/blobs/uploads/", null));
      // More requests than the pool has connections: the later ones find no broken connection left to fail on
      // and wait for a new one until the connection timeout.
      for (int i = 1; i <= 12; i++) {
        millisTo503.put("GET _catalog #" + i, expect503(client, "GET", "/v2/_catalog", null));
      }

      proxy.reopen();
      long reopened = System.nanoTime();
      HttpResponse<byte[]> back;
      do {
        Thread.sleep(50);
        back = client.get("/v2/" + repo + "/tags/list");
        assertThat(back.statusCode()).as("while recovering: %s", text(back)).isIn(200, 503);
        assertThat(Duration.ofNanos(System.nanoTime() - reopened)).as("recovery").isLessThan(Duration.ofSeconds(60));
      } while (back.statusCode() != 200);
      long millisToRecover = (System.nanoTime() - reopened) / 1_000_000;

      assertThat(JSON.readTree(back.body()).path("tags").get(0).asText()).isEqualTo("v1");
      assertThat(client.putManifest(repo, "v2", manifest).statusCode()).isEqualTo(201);
      assertThat(client.get("/v2/" + repo + "/blobs/" + layerDigest).body()).isEqualTo(layer);
      System.out.printf("outage on %s (DB_CONNECTION_TIMEOUT_S=%d): ms to 503 %s; ms to recover %d%n", kind,
          TIMEOUT_S, millisTo503, millisToRecover);
    } finally {
      TestRegistry.deleteTree(dir);
    }
  }

  /** Sends the request, checks the 503 and its body, and returns how long it took. */
  static long expect503(RegistryClient client, String method, String path, byte[] body) throws Exception {
    long start = System.nanoTime();
    HttpResponse<byte[]> r = client.send(method, path, body);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.statusCode()).as("%s %s during the outage: %s", method, path, text(r)).isEqualTo(503);
    assertThat(took).as("%s %s", method, path).isLessThan(BOUND);
    if (!method.equals("HEAD")) {
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("application/json"));
      JsonNode error = JSON.readTree(r.body()).path("errors").get(0);
      assertThat(error.path("code").asText()).isEqualTo("UNAVAILABLE");
      assertThat(text(r)).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("jdbc:");
    }
    return took.toMillis();
  }
}
