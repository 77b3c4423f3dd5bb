package dev.berth.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reads Quay's {@code DISTRIBUTED_STORAGE_CONFIG} and {@code DISTRIBUTED_STORAGE_PREFERENCE}. */
final class StorageConfigReader {
  private static final String CONFIG = "DISTRIBUTED_STORAGE_CONFIG";
  private static final String PREFERENCE = "DISTRIBUTED_STORAGE_PREFERENCE";

  private StorageConfigReader() {}

  static StorageConfig read(Object config, Object preference, Path dataDir) {
    if (config == null) {
      return new StorageConfig.Local("default", dataDir.resolve("storage"));
    }
    if (!(config instanceof Map<?, ?> locations) || locations.isEmpty()) {
      throw new ConfigException(CONFIG, "must map location names to [driver, {parameters}]");
    }
    String location = preferred(preference, locations);
    Object entry = locations.get(location);
    if (!(entry instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String driver)
        || !(pair.get(1) instanceof Map<?, ?> params)) {
      throw new ConfigException(CONFIG + "." + location, "must be [DriverName, {parameters}]");
    }
    String where = CONFIG + "." + location;
    return switch (driver) {
      case "LocalStorage" -> new StorageConfig.Local(location, localPath(params, where, dataDir));
      case "S3Storage" -> S3ConfigReader.s3Storage(location, where, params);
      case "RadosGWStorage" -> S3ConfigReader.radosGwStorage(location, where, params);
      default -> throw new ConfigException(where,
          "unsupported storage driver " + driver + " (supported: LocalStorage, S3Storage, RadosGWStorage)");
    };
  }

  private static String preferred(Object preference, Map<?, ?> locations) {
    if (preference == null) {
      if (locations.size() == 1) {
        return locations.keySet().iterator().next().toString();
      }
      throw new ConfigException(PREFERENCE, "required when " + CONFIG + " has several locations");
    }
    if (!(preference instanceof List<?> list) || list.isEmpty()) {
      throw new ConfigException(PREFERENCE, "must be a non-empty list of location names");
    }
    String first = String.valueOf(list.get(0));
    if (!locations.containsKey(first)) {
      throw new ConfigException(PREFERENCE + "[0]", "no location named '" + first + "' in " + CONFIG);
    }
    return first;
  }

  private static Path localPath(Map<?, ?> params, String where, Path dataDir) {
    Object path = params.get("storage_path");
    if (path == null || path.toString().isBlank()) {
      throw new ConfigException(where + ".storage_path", "required for LocalStorage");
    }
    Path p = Path.of(path.toString());
    return (p.isAbsolute() ? p : dataDir.resolve(p)).normalize();
  }
}
