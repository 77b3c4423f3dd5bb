package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaseEndpointTest {
  static TestRegistry registry;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start();
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  @Test
  void getV2_answersOkWithApiVersionHeader() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(registry.base().resolve("/v2/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).contains("registry/2.0");
    assertThat(r.body()).isEqualTo("{}");
  }

  @Test
  void unknownPath_isNotFoundWithoutStackTrace() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(registry.base().resolve("/nope")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.berth");
  }
}
