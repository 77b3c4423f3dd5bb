package dev.berth.server.cli;

import dev.berth.server.auth.SigningKey;
import dev.berth.server.files.OwnerOnly;
import dev.berth.server.tls.CertificateAuthority;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth init}: writes {@code config.yaml}, the token signing key and (with {@code --tls}) a certificate,
 * and creates the first superuser. The password comes from standard input, the terminal, or is generated and
 * printed once; it is never echoed or logged.
 */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a configuration and the first superuser.")
final class InitCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", defaultValue = "config.yaml", paramLabel = "FILE") Path config;
  @Option(names = "--hostname", paramLabel = "HOST[:PORT]",
      description = "How clients reach the registry, as in image names (default localhost); with no port, --port's.")
  String hostname = "localhost";
  @Option(names = "--port", paramLabel = "N",
      description = "The port Berth listens on: HTTPS_PORT with --tls (default 8443), else HTTP_PORT (default 8080).")
  Integer port;
  @Option(names = "--superuser", defaultValue = "admin", paramLabel = "NAME") String superuser;
  @Option(names = "--password-stdin", description = "Read the superuser's password from standard input.")
  boolean passwordStdin;
  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data lives (default: beside the config).")
  Path dataDir;
  @Option(names = "--db-uri", paramLabel = "URI", description = "DB_URI (default: SQLite in the data directory).")
  String dbUri;
  @Option(names = "--redis", paramLabel = "HOST[:PORT]", description = "Redis for events, locks and caches.")
  String redis;
  @Option(names = "--tls", description = "Also write a CA and server certificate and serve HTTPS on 8443.")
  boolean tls;
  @Option(names = "--ip", paramLabel = "IP", description = "With --tls: an IP address for the certificate.")
  List<String> ips = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    RegistryHost host = RegistryHost.parse(hostname);
    int listen = listenPort();
    Path file = config.toAbsolutePath().normalize();
    if (Files.exists(file)) {
      throw new IllegalArgumentException(file + " exists; init writes a new configuration only");
    }
    Path dir = file.getParent();
    Path data = (dataDir == null ? dir.resolve("berth-data") : dataDir.toAbsolutePath()).normalize();
    Optional<char[]> given = Passwords.read(passwordStdin, System.in, System.console(), "Password for " + superuser);
    // A generated password must survive until it is shown; the char[] handed to createUser is wiped after use.
    Optional<String> generated = given.isPresent() ? Optional.empty()
        : Optional.of(new dev.berth.server.identity.Secrets(new SecureRandom()).newPassword());
    char[] password = given.orElseGet(() -> generated.orElseThrow().toCharArray());
    // If the superuser cannot be made (a weak password, an invalid name), what this run wrote is removed again,
    // so that a corrected retry is not refused for the half-written configuration.
    List<Path> written = new java.util.ArrayList<>();
    try {
      Files.createDirectories(dir);
      // DB_URI may carry the database's password
      OwnerOnly.writeNew(file, yaml(host, listen, data));
      written.add(file);
      OwnerOnly.createDirectories(data);
      SigningKey.create(dir.resolve("token-signing.pem"));
      written.add(dir.resolve("token-signing.pem"));
      if (tls) {
        written.addAll(certificate(dir, host));
      }
      ConfigOptions options = new ConfigOptions();
      options.config = file;
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().createUser(superuser, Optional.empty(), password, true);
      }
    } catch (Exception | Error e) {
      for (Path p : written) {
        Files.deleteIfExists(p);
      }
      throw e;
    } finally {
      Arrays.fill(password, ' ');
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + file + " and " + dir.resolve("token-signing.pem"));
    out.println("created superuser " + superuser);
    generated.ifPresent(p -> out.println("generated password (shown once): " + p));
    if (tls) {
      CertCommand.printTrust(out, host.withPort(listen), dir.resolve("ca.crt"));
    }
    out.println();
    out.println("Start it with: berth serve --config " + file);
    return 0;
  }

  /** The port Berth is to listen on: {@code --port}, else HTTPS's or HTTP's usual one. */
  private int listenPort() {
    int listen = port != null ? port : tls ? 8443 : 8080;
    if (listen < 1 || listen > 65535) {
      throw new IllegalArgumentException("invalid --port " + listen + ": must be between 1 and 65535");
    }
    return listen;
  }

  /** A CA and a server certificate for the host (never its port), an IP address also as an IP address. */
  private List<Path> certificate(Path dir, RegistryHost host) throws java.io.IOException {
    List<String> addresses = new java.util.ArrayList<>(ips);
    if (host.isAddress() && !addresses.contains(host.bareHost())) {
      addresses.add(host.bareHost());
    }
    CertificateAuthority.Written w = new CertificateAuthority(new SecureRandom()).write(dir, host.bareHost(),
        addresses);
    return List.of(w.caCertificate(), w.caKey(), w.certificate(), w.key());
  }

  private String yaml(RegistryHost host, int listen, Path data) {
    String scheme = tls ? "https" : "http";
    String db = dbUri != null ? dbUri : "sqlite:///" + data.resolve("berth.db");
    StringBuilder y = new StringBuilder();
    y.append("# Berth configuration, written by berth init. Keys follow Quay's; see docs/configuration.md.\n");
    // a port in HOST is the one clients use (a proxy's, say) and is kept; else they use the one Berth listens on
    y.append("SERVER_HOSTNAME: ").append(quote(host.withPort(listen))).append('\n');
    y.append("PREFERRED_URL_SCHEME: ").append(scheme).append('\n');
    y.append("DATA_DIR: ").append(quote(data.toString())).append('\n');
    y.append("DB_URI: ").append(quote(db)).append('\n');
    y.append("DISTRIBUTED_STORAGE_CONFIG:\n  default:\n    - LocalStorage\n    - storage_path: ")
        .append(quote(data.resolve("storage").toString())).append('\n');
    y.append("DISTRIBUTED_STORAGE_PREFERENCE:\n  - default\n");
    y.append("AUTHENTICATION_TYPE: Database\n");
    y.append("FEATURE_ANONYMOUS_ACCESS: true\n");
    y.append("SUPER_USERS:\n  - ").append(superuser).append('\n');
    if (tls) {
      y.append("HTTPS_PORT: ").append(listen).append("\nHTTP_MODE: redirect\n");
    } else {
      y.append("HTTP_PORT: ").append(listen).append('\n');
    }
    if (redis != null) {
      String[] hp = redis.split(":", 2);
      String redisYaml = "  host: " + quote(hp[0]) + "\n  port: " + (hp.length > 1 ? hp[1] : "6379") + "\n";
      y.append("BUILDLOGS_REDIS:\n").append(redisYaml).append("USER_EVENTS_REDIS:\n").append(redisYaml);
    }
    return y.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

}
