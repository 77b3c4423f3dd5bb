package dev.berth.server.cli;

import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.config.DatabaseUri;
import dev.berth.server.db.Database;
import dev.berth.server.identity.IdentityModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every administrative command shares: which configuration, and so which database. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "The YAML configuration file (default: ./config.yaml when it exists).")
  Path config;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory (DATA_DIR).")
  Path dataDir;

  /** The configuration file to read: the one named, else {@code ./config.yaml} if present. */
  Optional<Path> file() {
    if (config != null) {
      return Optional.of(config);
    }
    Path local = Path.of("config.yaml");
    return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
  }

  BerthConfig load(Map<String, Object> extra) {
    Map<String, Object> overrides = new HashMap<>(extra);
    if (dataDir != null) {
      overrides.put("DATA_DIR", dataDir.toString());
    }
    return new ConfigLoader().load(file(), System.getenv(), overrides);
  }

  /** Opens the configured database (migrating it) and the identity feature over it. */
  Admin open() {
    BerthConfig cfg = load(Map.of());
    Database db = Database.open(DatabaseUri.parse(cfg.dbUri()), 2);
    return new Admin(cfg, db, IdentityModule.create(db, Clock.systemUTC(), cfg.auth().superUsers()));
  }

  /** What an administrative command works on; close it when done. */
  record Admin(BerthConfig config, Database db, IdentityModule identity) implements AutoCloseable {
    @Override
    public void close() {
      db.close();
    }
  }
}
