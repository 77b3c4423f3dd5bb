package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.coordination.RedisCoordination;
import dev.berth.server.testing.NodeClient;
import dev.berth.server.testing.RedisDatabase;
import dev.berth.server.testing.TestRegistry;
import io.lettuce.core.RedisURI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Registry changes reach every node's subscribers over Redis, in Distribution's notification envelope. */
class RegistryEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void pushAndDelete_arePublishedToSubscribersOnOtherNodes() throws Exception {
    String repo = "events/r" + UUID.randomUUID().toString().substring(0, 8);
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    try (RedisDatabase redis = RedisDatabase.claim();
        TestRegistry node = TestRegistry.start(redis.config(RedisDatabase.HOST, RedisDatabase.PORT));
        RedisCoordination otherNode = new RedisCoordination(RedisURI.builder().withHost(RedisDatabase.HOST)
            .withPort(RedisDatabase.PORT).withDatabase(redis.number()).build(), Duration.ofSeconds(2));
        AutoCloseable subscription = otherNode.subscribe(RegistryModule.EVENTS_CHANNEL, message -> {
          try {
            for (JsonNode event : JSON.readTree(message).path("events")) {
              // Pub/sub channels are shared by every Redis database: keep only this test's repository.
              if (repo.equals(event.path("target").path("repository").asText())) {
                received.add(event);
              }
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })) {
      NodeClient client = new NodeClient(node.base());
      NodeClient.Image image = client.pushImage(repo, "v1", 7, 1024);

      JsonNode push = received.poll(10, TimeUnit.SECONDS);
      assertThat(push).as("push event").isNotNull();
      assertThat(push.path("action").asText()).isEqualTo("push");
      assertThat(push.path("target").path("tag").asText()).isEqualTo("v1");
      assertThat(push.path("target").path("digest").asText()).isEqualTo(image.manifestDigest().value());
      assertThat(push.path("target").path("size").asLong()).isEqualTo(image.manifest().length);
      assertThat(push.path("id").asText()).isNotBlank();
      assertThat(push.path("timestamp").asText()).isNotBlank();

      client.send(HttpRequest.newBuilder(node.base().resolve("/v2/" + repo + "/manifests/v1")).DELETE());
      JsonNode delete = received.poll(10, TimeUnit.SECONDS);
      assertThat(delete).as("delete event").isNotNull();
      assertThat(delete.path("action").asText()).isEqualTo("delete");
      assertThat(delete.path("target").path("tag").asText()).isEqualTo("v1");
    }
  }
}
