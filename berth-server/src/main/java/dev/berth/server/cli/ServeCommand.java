package dev.berth.server.cli;

import dev.berth.server.Application;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigException;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.db.DatabaseUnavailableException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth serve}: runs the registry until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the registry.")
final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration file.")
  Path config;

  @Option(names = "--port", paramLabel = "N", description = "The HTTP port (HTTP_PORT; default 8080). It does not "
      + "change SERVER_HOSTNAME, which must name the port clients use: the token realm is built from it.")
  Integer port;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the embedded database and blobs live (DATA_DIR; default ./berth-data).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    if (port != null) {
      overrides.put("HTTP_PORT", port);
    }
    if (dataDir != null) {
      overrides.put("DATA_DIR", dataDir.toString());
    }
    BerthConfig cfg;
    try {
      cfg = new ConfigLoader().load(Optional.ofNullable(config), System.getenv(), overrides);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("berth: invalid configuration: " + e.getMessage());
      return 2;
    }
    Application app;
    try {
      app = Application.start(cfg);
    } catch (DatabaseUnavailableException e) {
      spec.commandLine().getErr().println("berth: " + e.getMessage() + ": " + rootMessage(e));
      return 3;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (Exception e) {
        // shutting down anyway
      }
    }, "berth-shutdown"));
    spec.commandLine().getOut().println("berth listening on port " + app.port()
        + (app.httpsPort() > 0 ? ", https on port " + app.httpsPort() : ""));
    spec.commandLine().getOut().flush();
    app.join();
    return 0;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
