package dev.berth.server.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A metadata database address: Quay's {@code DB_URI} forms ({@code sqlite:///path},
 * {@code postgresql://user:pass@host:port/db}, {@code mysql+pymysql://user:pass@host/db}) or a plain JDBC URL.
 * The password is kept apart so it never appears in a URL that might be logged.
 *
 * @param vendor which database
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the user, empty when none
 * @param password the password, empty when none; never log it
 */
public record DatabaseUri(Vendor vendor, String jdbcUrl, String user, String password) {
  /** The databases Berth runs on. */
  public enum Vendor {
    SQLITE,
    POSTGRESQL,
    MYSQL
  }

  public DatabaseUri {
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    user = Objects.requireNonNullElse(user, "");
    password = Objects.requireNonNullElse(password, "");
  }

  /**
   * Parses {@code DB_URI}.
   *
   * @throws ConfigException naming {@code DB_URI} when the value is not a supported database address
   */
  public static DatabaseUri parse(String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException("DB_URI", "must not be empty");
    }
    if (value.startsWith("jdbc:")) {
      return fromJdbc(value);
    }
    if (value.startsWith("sqlite:///")) {
      return new DatabaseUri(Vendor.SQLITE, "jdbc:sqlite:" + value.substring("sqlite:///".length()), "", "");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException("DB_URI", "not a valid URI");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    Vendor vendor = switch (scheme) {
      case "postgresql", "postgres", "postgresql+psycopg2" -> Vendor.POSTGRESQL;
      case "mysql", "mysql+pymysql", "mariadb" -> Vendor.MYSQL;
      default -> throw new ConfigException("DB_URI",
          "unsupported scheme '" + scheme + "' (use sqlite:///, postgresql://, mysql+pymysql:// or a jdbc: URL)");
    };
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new ConfigException("DB_URI", "must name a host and a database");
    }
    String user = "";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = unquote(parts[0]);
      password = parts.length > 1 ? unquote(parts[1]) : "";
    }
    String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String jdbc = (vendor == Vendor.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://") + hostPort + uri.getRawPath() + query;
    return new DatabaseUri(vendor, jdbc, user, password);
  }

  /**
   * Percent-decoding as SQLAlchemy (Quay) does it: {@code %40} is {@code @}, and a {@code +} stays a plus.
   * URLDecoder alone is form decoding, which turned a {@code +} in a password into a space.
   */
  private static String unquote(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static DatabaseUri fromJdbc(String value) {
    String rest = value.substring("jdbc:".length()).toLowerCase(Locale.ROOT);
    Vendor vendor;
    if (rest.startsWith("sqlite:")) {
      vendor = Vendor.SQLITE;
    } else if (rest.startsWith("postgresql:")) {
      vendor = Vendor.POSTGRESQL;
    } else if (rest.startsWith("mariadb:") || rest.startsWith("mysql:")) {
      vendor = Vendor.MYSQL;
    } else {
      throw new ConfigException("DB_URI", "unsupported JDBC URL (use jdbc:sqlite:, jdbc:postgresql: or jdbc:mariadb:)");
    }
    String url = rest.startsWith("mysql:") ? "jdbc:mariadb:" + value.substring("jdbc:mysql:".length()) : value;
    return new DatabaseUri(vendor, url, "", "");
  }

  /** The JDBC URL, safe to log. */
  @Override
  public String toString() {
    return vendor + " " + jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
