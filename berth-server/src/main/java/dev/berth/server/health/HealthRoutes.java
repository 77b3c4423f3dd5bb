package dev.berth.server.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.http.Exchange;
import dev.berth.server.http.RouteGroup;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quay's health endpoints: {@code /health/instance} (can this node serve?) and {@code /health/endtoend} (do its
 * dependencies work, including a round trip through them). Both answer
 * {@code {"data":{"services":{name: bool}},"status_code":N}}: 200 when every critical service is healthy, else
 * 503. Redis is not critical: without it Berth serves, only slower, and the report says so.
 */
public final class HealthRoutes implements RouteGroup {
  private final List<HealthCheck> instance;
  private final List<HealthCheck> endToEnd;
  private final ObjectMapper json;

  /**
   * @param instance the cheap checks of {@code /health/instance}
   * @param endToEnd the round-trip checks of {@code /health/endtoend}
   */
  public HealthRoutes(List<HealthCheck> instance, List<HealthCheck> endToEnd, ObjectMapper json) {
    this.instance = List.copyOf(instance);
    this.endToEnd = List.copyOf(endToEnd);
    this.json = json;
  }

  @Override
  public boolean serves(String path) {
    return path.equals("/health/instance") || path.equals("/health/endtoend") || path.equals("/health");
  }

  @Override
  public ErrorStyle errorStyle() {
    return ErrorStyle.PROBLEM;
  }

  @Override
  public void handle(Exchange exchange) throws IOException {
    exchange.route("health");
    List<HealthCheck> checks = exchange.path().equals("/health/endtoend") ? endToEnd : instance;
    Map<String, Boolean> services = new LinkedHashMap<>();
    boolean ok = true;
    for (HealthCheck check : checks) {
      boolean healthy;
      try {
        healthy = check.probe().healthy();
      } catch (Exception e) {
        healthy = false;
      }
      services.put(check.name(), healthy);
      ok &= healthy || !check.critical();
    }
    int status = ok ? 200 : 503;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", Map.of("services", services));
    body.put("status_code", status);
    exchange.setHeader("Cache-Control", "no-store");
    exchange.send(status, "application/json", json.writeValueAsBytes(body));
  }
}
