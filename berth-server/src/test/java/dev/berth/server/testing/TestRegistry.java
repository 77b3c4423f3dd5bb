package dev.berth.server.testing;

import dev.berth.server.Application;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A real Berth on port 0 over a fresh data directory (embedded SQLite, filesystem blobs), for tests. */
public final class TestRegistry implements AutoCloseable {
  private final Application app;
  private final Path dataDir;
  private final boolean ownsDataDir;

  private TestRegistry(Application app, Path dataDir, boolean ownsDataDir) {
    this.app = app;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
  }

  /** Starts a registry on the embedded defaults in a new temporary directory. */
  public static TestRegistry start() throws Exception {
    return start(Map.of());
  }

  /** Starts a registry with configuration keys overridden (as in the YAML file). */
  public static TestRegistry start(Map<String, Object> overrides) throws Exception {
    Path dir = Files.createTempDirectory("berth-test-");
    return start(dir, overrides, true);
  }

  /** Starts a registry over an existing data directory, which the caller keeps. */
  public static TestRegistry startIn(Path dataDir, Map<String, Object> overrides) throws Exception {
    return start(dataDir, overrides, false);
  }

  private static TestRegistry start(Path dir, Map<String, Object> overrides, boolean owns) throws Exception {
    Map<String, Object> values = new HashMap<>();
    values.put("DATA_DIR", dir.toString());
    values.put("HTTP_PORT", 0);
    values.put("HTTP_HOST", "127.0.0.1");
    values.put("ACCESS_LOG", false);
    values.put("AUTHENTICATION_TYPE", "None"); // protocol tests; authentication tests ask for Database
    values.putAll(overrides);
    BerthConfig config = new ConfigLoader().load(Optional.empty(), Map.of(), values);
    return new TestRegistry(Application.start(config), dir, owns);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  /** {@code 127.0.0.1:<port>}, as clients name a registry. */
  public String hostPort() {
    return "127.0.0.1:" + app.port();
  }

  public int port() {
    return app.port();
  }

  /** The bound HTTPS port; -1 when no certificate is configured. */
  public int httpsPort() {
    return app.httpsPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws Exception {
    app.close();
    if (ownsDataDir) {
      deleteTree(dataDir);
    }
  }

  /** Deletes a directory tree, ignoring what is already gone. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
