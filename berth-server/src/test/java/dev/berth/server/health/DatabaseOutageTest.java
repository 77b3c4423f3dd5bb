package dev.berth.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.testing.Databases;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.TcpProxy;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a running node (the node reaches it through a {@link TcpProxy} the test cuts):
 * health answers 503 with {@code "database": false}, registry requests fail with 503 and an OCI error body (never
 * 500), and everything recovers by itself when the database is back.
 */
class DatabaseOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void postgresUnreachable_healthAndRequestsAre503_andRecoverByThemselves() throws Exception {
    try (Databases.Fresh db = Databases.create(Databases.Kind.POSTGRESQL, Path.of("/tmp"));
        TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432)) {
      String uri = db.dbUri().replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
      try (TestRegistry node = TestRegistry.start(Map.of("DB_URI", uri, "DB_CONNECTION_TIMEOUT_S", 1))) {
        NodeClient client = new NodeClient(node.base());
        NodeClient.Image image = client.pushImage("db/app", "v1", 1, 10_000);

        proxy.refuse();
        HttpResponse<String> health = client.get("/health/instance");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        JsonNode services = JSON.readTree(health.body()).path("data").path("services");
        assertThat(services.path("database").asBoolean()).isFalse();
        assertThat(services.path("storage").asBoolean()).isTrue();

        for (int i = 0; i < 12; i++) { // more than the pool's connections: each dropped one fails once
          HttpResponse<byte[]> pull = client.getManifest("db/app", "v1");
          assertThat(pull.statusCode()).as("pull %d: %s", i, new String(pull.body())).isEqualTo(503);
          assertThat(new String(pull.body())).contains("\"UNAVAILABLE\"");
        }
        HttpResponse<String> push = client.send(client.request("/v2/db/app/blobs/uploads/")
            .POST(BodyPublishers.noBody()));
        assertThat(push.statusCode()).isEqualTo(503);
        assertThat(push.body()).contains("\"errors\"").doesNotContain("Exception");

        proxy.restore();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.get("/health/instance").statusCode() != 200) { // the pool reconnects in the background
          assertThat(System.nanoTime()).as("health back to 200 within 30 s").isLessThan(deadline);
          Thread.sleep(100);
        }
        client.assertPulls("db/app", "v1", image);
        NodeClient.Image after = client.pushImage("db/app", "v2", 2, 10_000);
        client.assertPulls("db/app", "v2", after);
      }
    }
  }
}
