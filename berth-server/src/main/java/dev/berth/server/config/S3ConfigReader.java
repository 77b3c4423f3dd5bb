package dev.berth.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the parameters of Quay's {@code S3Storage} and {@code RadosGWStorage} drivers, with Quay's names:
 *
 * <pre>
 * S3Storage:      s3_bucket, storage_path, s3_access_key, s3_secret_key, s3_region, host, port, endpoint_url
 * RadosGWStorage: bucket_name, storage_path, access_key, secret_key, hostname, port, is_secure, region_name
 * both (Berth):   redirect_downloads (true), server_side_assembly (true)
 * </pre>
 *
 * Every error names the parameter ({@code DISTRIBUTED_STORAGE_CONFIG.<location>.<parameter>}).
 */
final class S3ConfigReader {
  static final String DEFAULT_REGION = "us-east-1";

  private final String where;
  private final Map<?, ?> params;

  private S3ConfigReader(String where, Map<?, ?> params) {
    this.where = where;
    this.params = params;
  }

  /** Quay's {@code S3Storage}: Amazon S3, or any S3 endpoint given by {@code host} or {@code endpoint_url}. */
  static StorageConfig.S3 s3Storage(String location, String where, Map<?, ?> params) {
    S3ConfigReader r = new S3ConfigReader(where, params);
    String bucket = r.required("s3_bucket", "S3Storage");
    Optional<URI> endpoint = r.optional("endpoint_url").map(r::endpointUrl);
    Optional<Integer> port = r.port();
    if (endpoint.isEmpty()) {
      Optional<String> host = r.optional("host");
      if (host.isPresent()) {
        endpoint = Optional.of(r.hostEndpoint("host", host.get(), true, port));
      } else if (port.isPresent()) {
        throw new ConfigException(where + ".port", "needs host");
      }
    }
    boolean pathStyle = endpoint.map(u -> !u.getHost().toLowerCase(Locale.ROOT).endsWith(".amazonaws.com"))
        .orElse(false);
    return new StorageConfig.S3(location, "S3Storage", endpoint, r.optional("s3_region").orElse(DEFAULT_REGION),
        bucket, r.storagePath(), r.keys("s3_access_key", "s3_secret_key", false), pathStyle,
        r.bool("redirect_downloads", true), r.bool("server_side_assembly", true));
  }

  /** Quay's {@code RadosGWStorage}: Ceph's object gateway or another S3-compatible server, path-style. */
  static StorageConfig.S3 radosGwStorage(String location, String where, Map<?, ?> params) {
    S3ConfigReader r = new S3ConfigReader(where, params);
    String hostname = r.required("hostname", "RadosGWStorage");
    URI endpoint = r.hostEndpoint("hostname", hostname, r.bool("is_secure", true), r.port());
    String bucket = r.required("bucket_name", "RadosGWStorage");
    return new StorageConfig.S3(location, "RadosGWStorage", Optional.of(endpoint),
        r.optional("region_name").orElse(DEFAULT_REGION), bucket, r.storagePath(),
        r.keys("access_key", "secret_key", true), true, r.bool("redirect_downloads", true),
        r.bool("server_side_assembly", true));
  }

  private Optional<String> optional(String key) {
    Object value = params.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map || value instanceof List) {
      throw new ConfigException(where + "." + key, "must be a single value");
    }
    String s = value.toString().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private String required(String key, String driver) {
    return optional(key).orElseThrow(() -> new ConfigException(where + "." + key, "required for " + driver));
  }

  private boolean bool(String key, boolean fallback) {
    Object value = params.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(where + "." + key, "must be true or false, not '" + value + "'");
    };
  }

  private Optional<Integer> port() {
    Optional<String> raw = optional("port");
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(raw.get());
      if (port >= 1 && port <= 65535) {
        return Optional.of(port);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(where + ".port", "must be a port number between 1 and 65535, not '" + raw.get() + "'");
  }

  private URI hostEndpoint(String key, String host, boolean secure, Optional<Integer> port) {
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http:") || lower.startsWith("https:")) {
      throw new ConfigException(where + "." + key, "must be a host name without http:// or https://");
    }
    if (host.contains("/") || host.contains(" ")) {
      throw new ConfigException(where + "." + key, "must be a host name, not '" + host + "'");
    }
    String text = (secure ? "https" : "http") + "://" + host + port.map(p -> ":" + p).orElse("");
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        throw new ConfigException(where + "." + key, "must be a host name, not '" + host + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(where + "." + key, "must be a host name, not '" + host + "'");
    }
  }

  private URI endpointUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
          && uri.getRawQuery() == null) {
        return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConfigException(where + ".endpoint_url",
        "must be an http:// or https:// URL with a host and no path, not '" + text + "'");
  }

  private String storagePath() {
    String path = optional("storage_path").orElse("");
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (String segment : path.split("/", -1)) {
      if (!path.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
        throw new ConfigException(where + ".storage_path", "must be a plain path without empty, . or .. segments");
      }
    }
    return path.isEmpty() ? "" : path + "/";
  }

  private Optional<StorageConfig.Keys> keys(String accessKey, String secretKey, boolean required) {
    Optional<String> access = optional(accessKey);
    Optional<String> secret = optional(secretKey);
    if (access.isEmpty() && secret.isEmpty() && !required) {
      return Optional.empty();
    }
    if (access.isEmpty()) {
      throw new ConfigException(where + "." + accessKey, required ? "required" : "required with " + secretKey);
    }
    if (secret.isEmpty()) {
      throw new ConfigException(where + "." + secretKey, required ? "required" : "required with " + accessKey);
    }
    return Optional.of(new StorageConfig.Keys(access.get(), secret.get()));
  }
}
