package dev.berth.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads {@link BerthConfig} from one YAML file, the environment and command-line overrides, in that order of
 * increasing precedence. Every key {@code K} can be set from the environment as {@code BERTH_K}; the value is read
 * as YAML, so lists and maps can be given in flow style. Unknown keys give warnings, not errors, so that a Quay
 * {@code config.yaml} starts Berth.
 */
public final class ConfigLoader {
  /** The environment prefix for overrides. */
  public static final String ENV_PREFIX = "BERTH_";

  private static final Set<String> KNOWN =
      Set.of(
          "SERVER_HOSTNAME",
          "PREFERRED_URL_SCHEME",
          "HTTP_HOST",
          "HTTP_PORT",
          "DATA_DIR",
          "DB_URI",
          "DB_CONNECTION_POOL_SIZE",
          "DB_CONNECTION_TIMEOUT_S",
          "DISTRIBUTED_STORAGE_CONFIG",
          "DISTRIBUTED_STORAGE_PREFERENCE",
          "HTTP_IDLE_TIMEOUT",
          "ACCESS_LOG",
          "TRUSTED_PROXIES",
          "PUSH_TEMP_TAG_EXPIRATION_SEC",
          "CATALOG_PAGE_LIMIT",
          "AUTHENTICATION_TYPE",
          "FEATURE_ANONYMOUS_ACCESS",
          "SUPER_USERS",
          "REGISTRY_TOKEN_EXPIRATION_S",
          "TOKEN_SIGNING_KEY_FILE",
          "LOGIN_FAILURE_LIMIT",
          "LOGIN_FAILURE_WINDOW_S",
          "HTTPS_PORT",
          "HTTP_MODE",
          "SSL_CERT_FILE",
          "SSL_KEY_FILE",
          "USER_EVENTS_REDIS",
          "BUILDLOGS_REDIS");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, if any; a missing file named explicitly is an error
   * @param env the process environment
   * @param overrides values from the command line, keyed like the file
   * @throws ConfigException naming the key for any invalid value, or the file for unreadable YAML
   */
  public BerthConfig load(Optional<Path> file, Map<String, String> env, Map<String, Object> overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    file.ifPresent(f -> values.putAll(readFile(f)));
    Optional<Path> configDir = file.map(f -> f.toAbsolutePath().getParent());
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(KNOWN);
    for (String key : unknown) {
      warnings.add("unknown configuration key " + key + " ignored");
    }
    for (String key : KNOWN) {
      String envValue = env.get(ENV_PREFIX + key);
      if (envValue != null) {
        values.put(key, parseEnv(key, envValue));
      }
    }
    values.putAll(overrides);
    return build(new Values(values), configDir, warnings);
  }

  private BerthConfig build(Values v, Optional<Path> configDirectory, List<String> warnings) {
    Path dataDir = Path.of(v.string("DATA_DIR", "berth-data")).toAbsolutePath().normalize();
    int port = v.integer("HTTP_PORT", 8080);
    String scheme = v.string("PREFERRED_URL_SCHEME", "http");
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException("PREFERRED_URL_SCHEME", "must be http or https, not '" + scheme + "'");
    }
    Optional<String> hostname = Optional.ofNullable(v.string("SERVER_HOSTNAME", null));
    if (hostname.isPresent() && (hostname.get().isBlank() || hostname.get().contains("/")
        || hostname.get().contains(" "))) {
      throw new ConfigException("SERVER_HOSTNAME", "must be a host name with an optional port, not '"
          + hostname.get() + "'");
    }
    Path configDir = configDirectory.orElse(dataDir);
    String dbUri = v.string("DB_URI", "sqlite:///" + dataDir.resolve("berth.db"));
    DatabaseUri.parse(dbUri); // validates early, naming DB_URI
    StorageConfig storage = StorageConfigReader.read(v.raw("DISTRIBUTED_STORAGE_CONFIG"),
        v.raw("DISTRIBUTED_STORAGE_PREFERENCE"), dataDir);
    return new BerthConfig(
        hostname,
        scheme,
        v.string("HTTP_HOST", "0.0.0.0"),
        port,
        dataDir,
        dbUri,
        v.integer("DB_CONNECTION_POOL_SIZE", 10),
        Duration.ofSeconds(v.integer("DB_CONNECTION_TIMEOUT_S", 5)),
        storage,
        Duration.ofSeconds(v.integer("HTTP_IDLE_TIMEOUT", 300)),
        v.bool("ACCESS_LOG", true),
        trustedProxies(v.strings("TRUSTED_PROXIES")),
        Duration.ofSeconds(v.integer("PUSH_TEMP_TAG_EXPIRATION_SEC", 3600)),
        v.integer("CATALOG_PAGE_LIMIT", 1000),
        configDir,
        auth(v, configDir),
        tls(v, configDir),
        redis(v.raw("USER_EVENTS_REDIS")),
        warnings);
  }

  private static List<IpRange> trustedProxies(List<String> entries) {
    List<IpRange> ranges = new ArrayList<>();
    for (String entry : entries) {
      try {
        ranges.add(IpRange.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("TRUSTED_PROXIES", e.getMessage());
      }
    }
    return ranges;
  }

  private static Optional<BerthConfig.RedisConfig> redis(Object raw) {
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw new ConfigException("USER_EVENTS_REDIS", "must be a mapping with host and port");
    }
    Values r = new Values(map.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        e -> "USER_EVENTS_REDIS." + e.getKey(), e -> (Object) e.getValue())));
    return Optional.of(new BerthConfig.RedisConfig(
        r.string("USER_EVENTS_REDIS.host", ""),
        r.integer("USER_EVENTS_REDIS.port", 6379),
        r.string("USER_EVENTS_REDIS.password", ""),
        r.bool("USER_EVENTS_REDIS.ssl", false),
        r.integer("USER_EVENTS_REDIS.db", 0)));
  }

  private static BerthConfig.AuthConfig auth(Values v, Path configDir) {
    return new BerthConfig.AuthConfig(
        v.string("AUTHENTICATION_TYPE", "Database"),
        v.bool("FEATURE_ANONYMOUS_ACCESS", true),
        new java.util.HashSet<>(v.strings("SUPER_USERS")),
        Duration.ofSeconds(v.integer("REGISTRY_TOKEN_EXPIRATION_S", 900)),
        path(configDir, v.string("TOKEN_SIGNING_KEY_FILE", "token-signing.pem")),
        v.integer("LOGIN_FAILURE_LIMIT", 5),
        Duration.ofSeconds(v.integer("LOGIN_FAILURE_WINDOW_S", 300)));
  }

  /** HTTPS is on when a certificate and key are configured or lie beside the config file (Quay's convention). */
  private static Optional<BerthConfig.TlsConfig> tls(Values v, Path configDir) {
    Path cert = path(configDir, v.string("SSL_CERT_FILE", "ssl.cert"));
    Path key = path(configDir, v.string("SSL_KEY_FILE", "ssl.key"));
    boolean named = v.raw("SSL_CERT_FILE") != null || v.raw("SSL_KEY_FILE") != null;
    if (!Files.exists(cert) && !Files.exists(key)) {
      if (named) {
        throw new ConfigException("SSL_CERT_FILE", "not found: " + cert);
      }
      return Optional.empty();
    }
    if (!Files.isReadable(cert)) {
      throw new ConfigException("SSL_CERT_FILE", "not readable: " + cert);
    }
    if (!Files.isReadable(key)) {
      throw new ConfigException("SSL_KEY_FILE", "not readable: " + key);
    }
    return Optional.of(new BerthConfig.TlsConfig(v.integer("HTTPS_PORT", 8443), cert, key,
        v.string("HTTP_MODE", "redirect")));
  }

  private static Path path(Path base, String value) {
    Path p = Path.of(value);
    return (p.isAbsolute() ? p : base.resolve(p)).normalize();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file.toString(), "configuration file not found");
    }
    try (com.fasterxml.jackson.core.JsonParser parser = yaml.createParser(file.toFile())) {
      if (parser.nextToken() == null) {
        return Map.of(); // an empty file, or comments only: every key at its default
      }
      Object root = yaml.readValue(parser, Object.class);
      if (root == null) {
        return Map.of();
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new ConfigException(file.toString(), "must be a YAML mapping of keys to values");
      }
      return (Map<String, Object>) map;
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private Object parseEnv(String key, String value) {
    try {
      return yaml.readValue(value, Object.class);
    } catch (IOException e) {
      throw new ConfigException(ENV_PREFIX + key, "not a valid YAML value");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Typed access to raw values, with errors that name the key. */
  private record Values(Map<String, Object> map) {
    Object raw(String key) {
      return map.get(key);
    }

    String string(String key, String fallback) {
      Object value = map.get(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Map || value instanceof List) {
        throw new ConfigException(key, "must be a single value");
      }
      return value.toString();
    }

    List<String> strings(String key) {
      Object value = map.get(key);
      if (value == null) {
        return List.of();
      }
      if (value instanceof List<?> list) {
        return list.stream().map(String::valueOf).toList();
      }
      if (value instanceof Map) {
        throw new ConfigException(key, "must be a list");
      }
      return List.of(value.toString().split("\\s*,\\s*"));
    }

    int integer(String key, int fallback) {
      Object value = map.get(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Integer i) {
        return i;
      }
      try {
        return Integer.parseInt(value.toString().trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "must be an integer, not '" + value + "'");
      }
    }

    boolean bool(String key, boolean fallback) {
      Object value = map.get(key);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      return switch (value.toString().trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw new ConfigException(key, "must be true or false, not '" + value + "'");
      };
    }
  }
}
