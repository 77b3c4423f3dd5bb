package dev.berth.server.testing;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A per-class Berth server for HTTP tests: {@code @RegisterExtension static final RegistryExtension registry = new
 * RegistryExtension();} starts a {@link TestRegistry} on port 0 before the class's tests and stops it after.
 * Tests share the server, so each names its own repositories with {@link #repo(String)}.
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, Object> overrides;
  private TestRegistry registry;
  private OciClient client;

  public RegistryExtension() {
    this(Map.of());
  }

  /** A server with configuration keys overridden, as in the YAML file. */
  public RegistryExtension(Map<String, Object> overrides) {
    this.overrides = Map.copyOf(overrides);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    registry = TestRegistry.start(overrides);
    client = new OciClient(registry.base());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  public TestRegistry registry() {
    return registry;
  }

  public OciClient client() {
    return client;
  }

  /** A fresh repository name {@code <prefix>/r<random>}, unknown to the server until a test pushes to it. */
  public String repo(String prefix) {
    return prefix + "/r" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }
}
