package dev.berth.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole configuration, immutable and validated. Keys follow Quay's names where Quay has the setting; see
 * {@code docs/configuration.md}.
 *
 * @param serverHostname {@code SERVER_HOSTNAME}: the host (and port) clients reach the registry at
 * @param preferredUrlScheme {@code PREFERRED_URL_SCHEME}: {@code http} or {@code https}
 * @param httpHost {@code HTTP_HOST}: the address to listen on
 * @param httpPort {@code HTTP_PORT}: the plain HTTP port; 0 picks a free one
 * @param dataDir {@code DATA_DIR}: where the embedded defaults keep their files
 * @param dbUri {@code DB_URI}: the metadata database, in Quay's form or as a JDBC URL
 * @param dbPoolSize {@code DB_CONNECTION_POOL_SIZE}: connections in the pool
 * @param storage the blob storage from {@code DISTRIBUTED_STORAGE_CONFIG}/{@code DISTRIBUTED_STORAGE_PREFERENCE}
 * @param idleTimeout {@code HTTP_IDLE_TIMEOUT}: how long a connection may move no bytes
 * @param accessLog {@code ACCESS_LOG}: whether every request is logged
 * @param uploadLinkGrace {@code PUSH_TEMP_TAG_EXPIRATION_SEC}: how long a pushed blob stays linked to its
 *     repository without a manifest referencing it
 * @param catalogPageLimit {@code CATALOG_PAGE_LIMIT}: the most entries one tag or catalog page returns
 * @param warnings unknown keys and other non-fatal remarks found while loading
 */
public record BerthConfig(
    String serverHostname,
    String preferredUrlScheme,
    String httpHost,
    int httpPort,
    Path dataDir,
    String dbUri,
    int dbPoolSize,
    StorageConfig storage,
    Duration idleTimeout,
    boolean accessLog,
    Duration uploadLinkGrace,
    int catalogPageLimit,
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
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException("HTTP_PORT", "must be between 0 and 65535");
    }
    if (dbPoolSize < 1) {
      throw new ConfigException("DB_CONNECTION_POOL_SIZE", "must be at least 1");
    }
    if (catalogPageLimit < 1) {
      throw new ConfigException("CATALOG_PAGE_LIMIT", "must be at least 1");
    }
    warnings = List.copyOf(warnings);
  }

  /** The absolute base URL clients use: scheme and host, without a trailing slash. */
  public String baseUrl() {
    return preferredUrlScheme + "://" + serverHostname;
  }
}
