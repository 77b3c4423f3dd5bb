package dev.berth.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration, immutable and validated. Keys follow Quay's names where Quay has the setting; see
 * {@code docs/configuration.md}.
 *
 * @param serverHostname {@code SERVER_HOSTNAME}: the host (and port) clients reach the registry at; when absent,
 *     the {@code Host} of each request stands in for it
 * @param preferredUrlScheme {@code PREFERRED_URL_SCHEME}: {@code http} or {@code https}
 * @param httpHost {@code HTTP_HOST}: the address to listen on
 * @param httpPort {@code HTTP_PORT}: the plain HTTP port; 0 picks a free one
 * @param dataDir {@code DATA_DIR}: where the embedded defaults keep their files
 * @param dbUri {@code DB_URI}: the metadata database, in Quay's form or as a JDBC URL
 * @param dbPoolSize {@code DB_CONNECTION_POOL_SIZE}: connections in the pool
 * @param dbConnectionTimeout {@code DB_CONNECTION_TIMEOUT_S}: how long a request waits for a database connection
 *     before it fails with 503
 * @param storage the blob storage from {@code DISTRIBUTED_STORAGE_CONFIG}/{@code DISTRIBUTED_STORAGE_PREFERENCE}
 * @param idleTimeout {@code HTTP_IDLE_TIMEOUT}: how long a connection may move no bytes
 * @param accessLog {@code ACCESS_LOG}: whether every request is logged
 * @param trustedProxies {@code TRUSTED_PROXIES}: addresses or CIDR ranges of load balancers and reverse proxies
 *     whose {@code X-Forwarded-For} header names the client (for login throttling and the audit log)
 * @param uploadLinkGrace {@code PUSH_TEMP_TAG_EXPIRATION_SEC}: how long a pushed blob stays linked to its
 *     repository without a manifest referencing it
 * @param catalogPageLimit {@code CATALOG_PAGE_LIMIT}: the most entries one tag or catalog page returns
 * @param configDir the directory of the configuration file (or the data directory without one): where
 *     {@code ssl.cert}, {@code ssl.key} and the token signing key are looked for
 * @param auth authentication settings
 * @param tls TLS settings; empty when Berth serves plain HTTP only
 * @param redis {@code USER_EVENTS_REDIS}: the Redis shared by the nodes for cache stamps, events and leases;
 *     empty to coordinate within this process only (one node)
 * @param warnings unknown keys and other non-fatal remarks found while loading
 */
public record BerthConfig(
    Optional<String> serverHostname,
    String preferredUrlScheme,
    String httpHost,
    int httpPort,
    Path dataDir,
    String dbUri,
    int dbPoolSize,
    Duration dbConnectionTimeout,
    StorageConfig storage,
    Duration idleTimeout,
    boolean accessLog,
    List<IpRange> trustedProxies,
    Duration uploadLinkGrace,
    int catalogPageLimit,
    Path configDir,
    AuthConfig auth,
    Optional<TlsConfig> tls,
    Optional<RedisConfig> redis,
    List<String> warnings) {
  public BerthConfig {
    Objects.requireNonNull(serverHostname, "serverHostname");
    Objects.requireNonNull(preferredUrlScheme, "preferredUrlScheme");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(dbUri, "dbUri");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(uploadLinkGrace, "uploadLinkGrace");
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(configDir, "configDir");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(redis, "redis");
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException("HTTP_PORT", "must be between 0 and 65535");
    }
    if (dbPoolSize < 1) {
      throw new ConfigException("DB_CONNECTION_POOL_SIZE", "must be at least 1");
    }
    // The pool reads 0 as "wait forever" (requests would hang through an outage) and rejects negative values
    // with a message about the database, not the key.
    if (dbConnectionTimeout.getSeconds() < 1) {
      throw new ConfigException("DB_CONNECTION_TIMEOUT_S", "must be at least 1");
    }
    if (catalogPageLimit < 1) {
      throw new ConfigException("CATALOG_PAGE_LIMIT", "must be at least 1");
    }
    warnings = List.copyOf(warnings);
  }

  /**
   * Authentication settings.
   *
   * @param type {@code AUTHENTICATION_TYPE}: {@code Database} (accounts in the metadata database, Quay's default) or
   *     {@code None} (no authentication: everyone may do everything; for local development and caches)
   * @param anonymousAccess {@code FEATURE_ANONYMOUS_ACCESS}: anonymous callers may pull public repositories
   * @param superUsers {@code SUPER_USERS}: user names that are superusers
   * @param tokenLifetime {@code REGISTRY_TOKEN_EXPIRATION_S}: how long a registry token is valid
   * @param signingKeyFile {@code TOKEN_SIGNING_KEY_FILE}: the RSA key tokens are signed with
   * @param failureLimit {@code LOGIN_FAILURE_LIMIT}: failed sign-ins per user or address before throttling
   * @param failureWindow {@code LOGIN_FAILURE_WINDOW_S}: the window they are counted in
   */
  public record AuthConfig(String type, boolean anonymousAccess, java.util.Set<String> superUsers,
      Duration tokenLifetime, Path signingKeyFile, int failureLimit, Duration failureWindow) {
    public AuthConfig {
      if (!type.equals("Database") && !type.equals("None")) {
        throw new ConfigException("AUTHENTICATION_TYPE", "must be Database or None, not '" + type + "'");
      }
      if (tokenLifetime.toSeconds() < 60) {
        throw new ConfigException("REGISTRY_TOKEN_EXPIRATION_S", "must be at least 60");
      }
      if (failureLimit < 1) {
        throw new ConfigException("LOGIN_FAILURE_LIMIT", "must be at least 1");
      }
      superUsers = java.util.Set.copyOf(superUsers);
    }

    /** Whether callers must authenticate. */
    public boolean enabled() {
      return type.equals("Database");
    }
  }

  /**
   * A Redis server in Quay's form ({@code {host, port, password, ssl, db}}).
   *
   * @param host the host
   * @param port the port
   * @param password the password, empty for none; never logged
   * @param ssl whether to connect with TLS
   * @param db the database number
   */
  public record RedisConfig(String host, int port, String password, boolean ssl, int db) {
    public RedisConfig {
      if (host == null || host.isBlank()) {
        throw new ConfigException("USER_EVENTS_REDIS.host", "required");
      }
      if (port < 1 || port > 65535) {
        throw new ConfigException("USER_EVENTS_REDIS.port", "must be between 1 and 65535");
      }
    }

    @Override
    public String toString() {
      return "redis " + host + ":" + port + "/" + db + (ssl ? " (tls)" : "");
    }
  }

  /**
   * HTTPS settings.
   *
   * @param port {@code HTTPS_PORT}
   * @param certificate the PEM certificate chain ({@code ssl.cert})
   * @param key the PEM private key ({@code ssl.key})
   * @param httpMode {@code HTTP_MODE}: what the plain HTTP port does beside HTTPS: {@code redirect}, {@code serve}
   *     or {@code off}
   */
  public record TlsConfig(int port, Path certificate, Path key, String httpMode) {
    public TlsConfig {
      if (port < 0 || port > 65535) {
        throw new ConfigException("HTTPS_PORT", "must be between 0 and 65535");
      }
      if (!java.util.Set.of("redirect", "serve", "off").contains(httpMode)) {
        throw new ConfigException("HTTP_MODE", "must be redirect, serve or off, not '" + httpMode + "'");
      }
    }
  }
}
