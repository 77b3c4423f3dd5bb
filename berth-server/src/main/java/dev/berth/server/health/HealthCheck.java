package dev.berth.server.health;

/**
 * One dependency a health report looks at.
 *
 * @param name the service's name in the report ({@code database}, {@code storage}, {@code redis})
 * @param critical whether the node cannot serve without it (a failing critical check answers 503)
 * @param probe the check itself; true when healthy; it may throw, which counts as unhealthy
 */
public record HealthCheck(String name, boolean critical, Probe probe) {
  /** A check of one dependency. */
  @FunctionalInterface
  public interface Probe {
    boolean healthy() throws Exception;
  }
}
