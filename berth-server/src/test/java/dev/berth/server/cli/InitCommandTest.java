package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.server.Application;
import dev.berth.server.auth.SigningKey;
import dev.berth.server.config.BerthConfig;
import dev.berth.server.config.ConfigLoader;
import dev.berth.server.testing.Cli;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code berth init}: a configuration, a signing key and the first superuser, scriptable and never overwriting. */
class InitCommandTest {
  Path dir;

  @BeforeEach
  void createDir() throws Exception {
    dir = Files.createTempDirectory("berth-init-");
  }

  @AfterEach
  void deleteDir() throws Exception {
    TestRegistry.deleteTree(dir);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> yaml(Path file) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
  }

  /** Starts Berth from the written configuration on a free port, runs {@code check}, and stops it. */
  private void serve(Path config, ThrowingConsumer<RegistryClient> check) throws Exception {
    BerthConfig cfg = new ConfigLoader().load(Optional.of(config), Map.of(),
        Map.of("HTTP_PORT", 0, "HTTP_HOST", "127.0.0.1", "ACCESS_LOG", false, "HTTPS_PORT", 0));
    assertThat(cfg.warnings()).isEmpty();
    try (Application app = Application.start(cfg)) {
      check.accept(new RegistryClient(URI.create("http://127.0.0.1:" + app.port())));
    }
  }

  interface ThrowingConsumer<T> {
    void accept(T t) throws Exception;
  }

  @Test
  void init_withPasswordStdin_writesConfigSigningKeyAndSuperuser() throws Exception {
    Path config = dir.resolve("config.yaml");
    String password = "boss-password-Fj3Lq8";

    Cli.Result r = Cli.runWithInput(password + "\n", "init", "--config", config.toString(), "--hostname",
        "registry.example.test", "--superuser", "boss", "--password-stdin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("created superuser boss").doesNotContain(password);
    Map<String, Object> y = yaml(config);
    assertThat(y).containsEntry("SERVER_HOSTNAME", "registry.example.test:8080")
        .containsEntry("PREFERRED_URL_SCHEME", "http")
        .containsEntry("AUTHENTICATION_TYPE", "Database")
        .containsEntry("SUPER_USERS", List.of("boss"))
        .containsEntry("DATA_DIR", dir.resolve("berth-data").toString())
        .containsEntry("DB_URI", "sqlite:///" + dir.resolve("berth-data").resolve("berth.db"))
        .containsKeys("DISTRIBUTED_STORAGE_CONFIG", "DISTRIBUTED_STORAGE_PREFERENCE");
    assertThat(Files.readString(config)).doesNotContain(password);

    Path key = dir.resolve("token-signing.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(SigningKey.loadOrCreate(key)).isNotNull();

    serve(config, client -> {
      String token = client.token("boss", password, "repository:boss/anything:*");
      assertThat(RegistryClient.actions(token, "boss/anything")).as("a superuser, in its own namespace")
          .containsExactly("pull", "push", "delete");
      assertThat(client.tokenRequest(Optional.of(RegistryClient.basic("boss", "not-the-password")), "")
          .statusCode()).isEqualTo(401);
    });
  }

  @Test
  void init_refusesToOverwriteAConfiguration() throws Exception {
    Path config = dir.resolve("config.yaml");
    assertThat(Cli.runWithInput("first-password-123\n", "init", "--config", config.toString(),
        "--password-stdin").exitCode()).isZero();
    String before = Files.readString(config);
    byte[] keyBefore = Files.readAllBytes(dir.resolve("token-signing.pem"));

    Cli.Result again = Cli.runWithInput("second-password-123\n", "init", "--config", config.toString(),
        "--password-stdin");

    assertThat(again.exitCode()).isNotZero();
    assertOneLineError(again, "exists");
    assertThat(Files.readString(config)).isEqualTo(before);
    assertThat(Files.readAllBytes(dir.resolve("token-signing.pem"))).isEqualTo(keyBefore);
  }

  @Test
  void init_withoutPasswordOrTerminal_generatesOne_printsItOnce_andItWorks() throws Exception {
    Path config = dir.resolve("config.yaml");

    Cli.Result r = Cli.run("init", "--config", config.toString(), "--superuser", "admin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Matcher m = Pattern.compile("generated password \\(shown once\\): (\\S+)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    String password = m.group(1);
    assertThat(password).hasSizeGreaterThanOrEqualTo(16);
    assertThat(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)).as("within bcrypt's 72 bytes")
        .hasSizeLessThanOrEqualTo(72);
    assertThat(r.out().split(Pattern.quote(password), -1)).as("printed exactly once").hasSize(2);
    assertThat(r.err()).doesNotContain(password);
    assertThat(Files.readString(config)).doesNotContain(password);

    serve(config, client -> assertThat(client.token("admin", password)).isNotBlank());
  }

  @Test
  void init_withAWeakPasswordOrBadName_failsWithOneLine_andLeavesNothingBehind() throws Exception {
    Path config = dir.resolve("config.yaml");

    assertOneLineError(Cli.runWithInput("short\n", "init", "--config", config.toString(), "--password-stdin"),
        "at least 8 characters");
    assertOneLineError(Cli.runWithInput("long-enough-password\n", "init", "--config", config.toString(),
        "--superuser", "Not_Valid", "--password-stdin"), "invalid name");

    assertThat(config).doesNotExist();
    assertThat(dir.resolve("token-signing.pem")).doesNotExist();
    Cli.Result retry = Cli.runWithInput("long-enough-password\n", "init", "--config", config.toString(),
        "--password-stdin");
    assertThat(retry.exitCode()).as("a corrected retry: %s", retry.err()).isZero();
  }

  @Test
  void init_withTls_writesCertificatesAndAnHttpsConfiguration() throws Exception {
    Path config = dir.resolve("config.yaml");

    Cli.Result r = Cli.runWithInput("tls-password-123\n", "init", "--config", config.toString(), "--hostname",
        "registry.example.test", "--tls", "--ip", "127.0.0.1", "--password-stdin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    for (String f : List.of("ca.crt", "ca.key", "ssl.cert", "ssl.key")) {
      assertThat(dir.resolve(f)).exists();
    }
    assertThat(yaml(config)).containsEntry("SERVER_HOSTNAME", "registry.example.test:8443")
        .containsEntry("PREFERRED_URL_SCHEME", "https")
        .containsEntry("HTTPS_PORT", 8443)
        .containsEntry("HTTP_MODE", "redirect");
    assertThat(r.out()).contains("/etc/containers/certs.d/registry.example.test:8443/ca.crt");
    BerthConfig cfg = new ConfigLoader().load(Optional.of(config), Map.of(), Map.of());
    assertThat(cfg.tls()).hasValueSatisfying(t -> assertThat(t.certificate()).isEqualTo(dir.resolve("ssl.cert")));
  }

  @Test
  void init_withAHostnameNamingAPort_writesItAsGiven() throws Exception {
    // Regression: --hostname 127.0.0.1:18481 was written as SERVER_HOSTNAME '127.0.0.1:18481:8080'.
    for (String[] given : new String[][] {
        {"127.0.0.1:18481", "127.0.0.1:18481"}, {"registry.example.test:5000", "registry.example.test:5000"},
        {"[::1]:5000", "[::1]:5000"}, {"[::1]", "[::1]:8080"}, {"registry.example.test", "registry.example.test:8080"}}) {
      Path config = dir.resolve(given[0].replaceAll("[^a-z0-9.]", "_")).resolve("config.yaml");

      Cli.Result r = Cli.runWithInput("host-password-123\n", "init", "--config", config.toString(), "--hostname",
          given[0], "--password-stdin");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(yaml(config)).as(given[0]).containsEntry("SERVER_HOSTNAME", given[1])
          .containsEntry("HTTP_PORT", 8080);
      assertThat(new ConfigLoader().load(Optional.of(config), Map.of(), Map.of()).serverHostname())
          .contains(given[1]);
    }
  }

  @Test
  void init_withPort_listensThere_andTheTokenRealmNamesIt() throws Exception {
    Path config = dir.resolve("config.yaml");
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }

    Cli.Result r = Cli.runWithInput("port-password-123\n", "init", "--config", config.toString(), "--hostname",
        "127.0.0.1", "--port", String.valueOf(port), "--password-stdin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(yaml(config)).containsEntry("SERVER_HOSTNAME", "127.0.0.1:" + port)
        .containsEntry("HTTP_PORT", port);
    BerthConfig cfg = new ConfigLoader().load(Optional.of(config), Map.of(),
        Map.of("HTTP_HOST", "127.0.0.1", "ACCESS_LOG", false));
    try (Application app = Application.start(cfg)) {
      assertThat(app.port()).isEqualTo(port);
      RegistryClient client = new RegistryClient(URI.create("http://127.0.0.1:" + port));
      String challenge = client.get("/v2/", null).headers().firstValue("WWW-Authenticate").orElseThrow();
      Matcher realm = Pattern.compile("realm=\"([^\"]+)\"").matcher(challenge);
      assertThat(realm.find()).as(challenge).isTrue();
      assertThat(realm.group(1)).isEqualTo("http://127.0.0.1:" + port + "/v2/auth");
      assertThat(client.token("admin", "port-password-123")).isNotBlank();
    }
  }

  @Test
  void init_withTlsAndPort_servesHttpsThere_andCertifiesTheHostWithoutItsPort() throws Exception {
    Path config = dir.resolve("config.yaml");

    Cli.Result r = Cli.runWithInput("tls-password-123\n", "init", "--config", config.toString(), "--hostname",
        "127.0.0.1", "--port", "5443", "--tls", "--password-stdin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(yaml(config)).containsEntry("SERVER_HOSTNAME", "127.0.0.1:5443").containsEntry("HTTPS_PORT", 5443)
        .doesNotContainKey("HTTP_PORT");
    assertThat(r.out()).contains("/etc/containers/certs.d/127.0.0.1:5443/ca.crt");
    java.security.cert.X509Certificate cert;
    try (var in = Files.newInputStream(dir.resolve("ssl.cert"))) {
      cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
    }
    assertThat(cert.getSubjectAlternativeNames()).as("an address is certified as an address")
        .contains(List.of(7, "127.0.0.1"));
    assertThat(cert.getSubjectX500Principal().getName()).doesNotContain("5443");
  }

  @Test
  void init_withAnInvalidHostnameOrPort_failsWithOneLine_andWritesNothing() throws Exception {
    Path config = dir.resolve("config.yaml");
    String[][] cases = {
        {"https://registry.example.test", "without a scheme"}, {"registry.example.test/v2", "without a path"},
        {"::1", "in brackets"}, {"[::1", "closing bracket"}, {"[::1]5000", "only a :port"},
        {"registry.example.test:0", "between 1 and 65535"}, {"registry.example.test:99999", "between 1 and 65535"},
        {"registry.example.test:http", "between 1 and 65535"}, {"registry example", "not a host name"},
        {"", "not a host name"}, {"[not:an:address]", "not a host name"}};
    for (String[] c : cases) {
      Cli.Result r = Cli.runWithInput("long-enough-password\n", "init", "--config", config.toString(),
          "--hostname", c[0], "--password-stdin");
      assertOneLineError(r, "invalid --hostname");
      assertThat(r.err()).as(c[0]).contains(c[1]);
    }
    assertOneLineError(Cli.runWithInput("long-enough-password\n", "init", "--config", config.toString(),
        "--port", "70000", "--password-stdin"), "invalid --port 70000");

    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void init_writesTheConfigurationAndTheDataDirectoryForTheOwnerOnly() throws Exception {
    // config.yaml holds DB_URI, perhaps with the database's password; berth.db holds password hashes. Both were
    // created readable by everyone.
    Path config = dir.resolve("config.yaml");

    Cli.Result r = Cli.runWithInput("owner-password-123\n", "init", "--config", config.toString(),
        "--password-stdin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(permissions(config)).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("berth-data"))).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("berth-data/berth.db"))).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("token-signing.pem"))).isEqualTo("rw-------");
    serve(config, client -> assertThat(client.token("admin", "owner-password-123")).isNotBlank());
    assertThat(permissions(dir.resolve("berth-data/storage"))).isEqualTo("rwx------");
  }

  @Test
  void init_withADataDirectoryThatExists_leavesItsPermissions() throws Exception {
    Path data = Files.createDirectory(dir.resolve("shared-data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));

    Cli.Result r = Cli.runWithInput("owner-password-123\n", "init", "--config", dir.resolve("config.yaml")
        .toString(), "--data-dir", data.toString(), "--password-stdin");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(permissions(data)).isEqualTo("rwxr-x---");
    assertThat(permissions(data.resolve("berth.db"))).as("the hashes are the owner's still").isEqualTo("rw-------");
  }

  @Test
  void init_withAPasswordOverSeventyTwoBytes_failsWithOneLine_andLeavesNothingBehind() throws Exception {
    // bcrypt would have hashed only the first 72 bytes: any password starting with them would sign in.
    Path config = dir.resolve("config.yaml");

    assertOneLineError(Cli.runWithInput("a".repeat(73) + "\n", "init", "--config", config.toString(),
        "--password-stdin"), "at most 72 bytes");

    assertThat(config).doesNotExist();
    assertThat(dir.resolve("token-signing.pem")).doesNotExist();
    Cli.Result retry = Cli.runWithInput("a".repeat(72) + "\n", "init", "--config", config.toString(),
        "--password-stdin");
    assertThat(retry.exitCode()).as("72 bytes are allowed: %s", retry.err()).isZero();
  }

  private static String permissions(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  static void assertOneLineError(Cli.Result r, String fragment) {
    assertThat(r.exitCode()).as(r.out()).isNotZero();
    String err = r.err().strip();
    assertThat(err).as("one line").doesNotContain("\n").startsWith("berth: ").contains(fragment)
        .doesNotContain("Exception").doesNotContain("\tat ");
  }
}
