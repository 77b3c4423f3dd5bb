package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.TestRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's path for a new user, run for real: {@code berth init --hostname localhost --tls} writes
 * {@code config.yaml}, the token signing key, a CA and a server certificate; Berth serves that configuration over
 * HTTPS with authentication on; the CA is installed as {@code /etc/containers/certs.d/localhost:PORT/ca.crt}; users,
 * an organisation, a robot, a grant and an app-specific token are made with the {@code berth} command line; and
 * podman (root, vfs storage, private storage and credentials file) logs in, pushes and pulls over verified TLS.
 *
 * <p>The one difference from the README: Berth listens on a free port rather than 8443, and {@code
 * SERVER_HOSTNAME} names that port, as it must (the token realm is built from it). Installing the CA needs root,
 * as the README says; the test removes what it installed.
 */
class PodmanLoginTlsE2ETest {
  static final Path CERTS_D = Path.of("/etc/containers/certs.d");
  static final String ADMIN_PASSWORD = "admin-Passw0rd-e2e";
  static final String ALICE_PASSWORD = "alice-Passw0rd-e2e";
  static final String BOB_PASSWORD = "bob-Passw0rd-e2e";

  @TempDir
  static Path work;

  static Path config;
  static BerthCli.Admin cli;
  static BerthCli.Result init;
  static TestRegistry berth;
  static String registry;
  static Path installedCa;
  static OciLayout image;
  static String imageId;

  @BeforeAll
  static void followTheReadme() throws Exception {
    Path configDir = work.resolve("berth");
    config = configDir.resolve("config.yaml");
    init = BerthCli.runWithInput(ADMIN_PASSWORD + "\n",
        "init", "--config", config.toString(), "--hostname", "localhost", "--tls", "--password-stdin");

    int port = freePort();
    registry = "localhost:" + port;
    berth = TestRegistry.startFromConfigFile(config,
        Map.of("HTTPS_PORT", port, "SERVER_HOSTNAME", registry, "HTTP_PORT", 0));

    installedCa = installCa(configDir.resolve("ca.crt"), registry);

    cli = BerthCli.Admin.config(config);

    cli.runWithInput(ALICE_PASSWORD, "user", "create", "alice", "--email", "alice@example.com", "--password-stdin");
    cli.runWithInput(BOB_PASSWORD, "user", "create", "bob", "--password-stdin");
    cli.run("org", "create", "acme", "--owner", "alice");

    image = OciLayout.init(work.resolve("image"));
    image.buildImage("v1", 2, 400_000);
    imageId = Digest.parse(image.configDigest("v1")).encoded();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (berth != null) {
        berth.close();
      }
    } finally {
      if (installedCa != null) {
        TestRegistry.deleteTree(installedCa);
      }
    }
  }

  @Test
  void init_writesConfigKeysAndCertificates_andBerthServesThemOverHttpsWithHttp2() throws Exception {
    Path dir = config.getParent();
    for (String file : List.of("config.yaml", "token-signing.pem", "ca.crt", "ca.key", "ssl.cert", "ssl.key")) {
      assertThat(dir.resolve(file)).as("written by berth init --tls").isRegularFile();
    }
    assertThat(Files.readString(config)).contains("SERVER_HOSTNAME: 'localhost:8443'", "PREFERRED_URL_SCHEME: https",
        "AUTHENTICATION_TYPE: Database", "HTTPS_PORT: 8443", "SUPER_USERS:\n  - admin");
    assertThat(init.out()).contains("created superuser admin",
        "sudo cp " + dir.resolve("ca.crt") + " /etc/containers/certs.d/localhost:8443/ca.crt",
        "/etc/docker/certs.d/localhost:8443/ca.crt", "podman login localhost:8443")
        .doesNotContain(ADMIN_PASSWORD);

    HttpClient https = HttpClient.newBuilder().sslContext(trusting(dir.resolve("ca.crt")))
        .version(HttpClient.Version.HTTP_2).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> challenge = https.send(HttpRequest.newBuilder(URI.create("https://" + registry + "/v2/"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(challenge.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"https://" + registry + "/v2/auth\",service=\"" + registry + "\"");

    HttpResponse<String> plain = https.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + berth.port() + "/v2/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(plain.statusCode()).as("HTTP_MODE: redirect").isEqualTo(308);
    assertThat(plain.headers().firstValue("Location")).contains("https://" + registry + "/v2/");
  }

  @Test
  void podmanLogin_withThePasswordSucceeds_andWithAWrongPasswordFails() throws Exception {
    try (Podman podman = Podman.create()) {
      ExternalCommand.Result ok = podman.login(registry, "alice", ALICE_PASSWORD);
      assertThat(ok.exitCode()).as(ok.describe()).isZero();
      assertThat(ok.stdout()).contains("Login Succeeded");
      assertThat(Files.readString(podman.authFile())).contains("\"" + registry + "\"");
    }
    try (Podman podman = Podman.create()) {
      ExternalCommand.Result wrong = podman.login(registry, "alice", "not-" + ALICE_PASSWORD);
      assertThat(wrong.exitCode()).as(wrong.describe()).isNotZero();
      assertThat(wrong.stderr()).contains("invalid username/password");
      assertThat(Files.readString(podman.authFile())).doesNotContain(registry);
    }
  }

  @Test
  void user_pushesIntoItsOwnNamespace_andPullsBackTheSameImage() throws Exception {
    try (Podman alice = signedIn("alice", ALICE_PASSWORD)) {
      push(alice, "alice/hello:v1").assertSucceeded();
      alice.run("rmi", "--force", imageId);
      assertThat(alice.run("images", "--quiet", "--no-trunc").stdout()).doesNotContain(imageId);

      alice.run("pull", "--quiet", registry + "/alice/hello:v1");
      assertThat(alice.imageId(registry + "/alice/hello:v1")).isEqualTo(imageId);
    }
  }

  @Test
  void push_intoANamespaceTheUserMayNotWrite_isDenied_andCreatesNothing() throws Exception {
    try (Podman alice = signedIn("alice", ALICE_PASSWORD); Podman bob = signedIn("bob", BOB_PASSWORD)) {
      push(alice, "alice/shared:v1").assertSucceeded();
      cli.run("repo", "visibility", "alice/shared", "public");

      // bob may not even read these: podman's check for an existing layer gets 403 and says so.
      for (String target : List.of("alice/private-of-bob:v1", "acme/bobs:v1")) {
        Pushed denied = push(bob, target);
        assertThat(denied.result().exitCode()).as(denied.result().describe()).isNotZero();
        assertThat(denied.result().stderr()).contains(target.substring(0, target.indexOf(':')) + ": 403 (Forbidden)");
      }
      // bob may read alice/shared (public) but not write it: the manifest upload is refused with DENIED.
      Pushed denied = push(bob, "alice/shared:v2");
      assertThat(denied.result().exitCode()).as(denied.result().describe()).isNotZero();
      assertThat(denied.result().stderr()).contains("denied: requested access to the resource is denied");

      Skopeo admin = Skopeo.tls(registry, installedCa).withCreds("admin", ADMIN_PASSWORD);
      assertThat(admin.listTags("alice/shared")).containsExactly("v1");
      for (String never : List.of("alice/private-of-bob", "acme/bobs")) {
        ExternalCommand.Result r = admin.attemptInspect(never + ":v1");
        assertThat(r.exitCode()).as("%s must not exist: %s", never, r.stdout()).isNotZero();
      }
    }
  }

  @Test
  void anonymous_pullsAPublicRepository_butNotAPrivateOne() throws Exception {
    try (Podman alice = signedIn("alice", ALICE_PASSWORD)) {
      push(alice, "alice/public-app:v1").assertSucceeded();
      push(alice, "alice/private-app:v1").assertSucceeded();
    }
    cli.run("repo", "visibility", "alice/public-app", "public");

    try (Podman anonymous = Podman.create()) {
      anonymous.run("pull", "--quiet", registry + "/alice/public-app:v1");
      assertThat(anonymous.imageId(registry + "/alice/public-app:v1")).isEqualTo(imageId);

      ExternalCommand.Result refused = anonymous.attempt("pull", "--quiet", registry + "/alice/private-app:v1");
      assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
      assertThat(refused.stderr()).contains("alice/private-app: denied: requested access to the resource is denied");

      cli.run("repo", "visibility", "alice/public-app", "private");
      ExternalCommand.Result again = anonymous.attempt("pull", "--quiet", registry + "/alice/public-app:v1");
      assertThat(again.exitCode()).as("pull after making it private again: %s", again.describe()).isNotZero();
    }
  }

  @Test
  void robot_pushesWhereItWasGranted_andIsDeniedElsewhere() throws Exception {
    try (Podman alice = signedIn("alice", ALICE_PASSWORD)) {
      push(alice, "acme/app:v1").assertSucceeded(); // alice owns acme, so she may create its repositories
    }
    String token = cli.run("robot", "create", "acme+ci").printedToken();
    cli.run("repo", "grant", "acme/app", "acme+ci", "write");

    try (Podman robot = signedIn("acme+ci", token)) {
      push(robot, "acme/app:v2").assertSucceeded();
      robot.run("rmi", "--force", imageId);
      robot.run("pull", "--quiet", registry + "/acme/app:v2");
      assertThat(robot.imageId(registry + "/acme/app:v2")).isEqualTo(imageId);

      for (String elsewhere : List.of("acme/other:v1", "alice/robot-was-here:v1")) {
        Pushed denied = push(robot, elsewhere);
        assertThat(denied.result().exitCode()).as(denied.result().describe()).isNotZero();
        assertThat(denied.result().stderr()).contains(": 403 (Forbidden)");
      }
    }
  }

  @Test
  void appSpecificToken_logsInAsDollarApp_andPullsTheUsersPrivateImage() throws Exception {
    try (Podman alice = signedIn("alice", ALICE_PASSWORD)) {
      push(alice, "alice/token-app:v1").assertSucceeded();
    }
    String token = cli.run("user", "token", "alice").printedToken();

    try (Podman app = signedIn("$app", token)) {
      app.run("pull", "--quiet", registry + "/alice/token-app:v1");
      assertThat(app.imageId(registry + "/alice/token-app:v1")).isEqualTo(imageId);
    }
  }

  /** A podman with the test image loaded, logged in to Berth as {@code user}. */
  private static Podman signedIn(String user, String secret) throws Exception {
    Podman podman = Podman.create();
    ExternalCommand.Result login = podman.login(registry, user, secret);
    if (login.exitCode() != 0) {
      podman.close();
      throw new AssertionError("podman login as " + user + " failed: " + login.describe());
    }
    return podman;
  }

  /** What {@code podman push} did. */
  record Pushed(ExternalCommand.Result result) {
    void assertSucceeded() {
      assertThat(result.exitCode()).as(result.describe()).isZero();
    }
  }

  /** {@code podman tag <image> H/<target>} and {@code podman push H/<target>}, as the README does. */
  private static Pushed push(Podman podman, String target) {
    if (!podman.run("images", "--quiet", "--no-trunc").stdout().contains(imageId)) {
      podman.run("pull", "--quiet", image.ref("v1"));
    }
    podman.run("tag", imageId, registry + "/" + target);
    return new Pushed(podman.attempt("push", "--quiet", registry + "/" + target));
  }

  /** Copies the CA to {@code /etc/containers/certs.d/<registry>/ca.crt}, where podman and skopeo look for it. */
  static Path installCa(Path caCertificate, String registry) throws Exception {
    Path dir = CERTS_D.resolve(registry);
    if (!Files.isWritable(CERTS_D.getParent())) {
      throw new AssertionError("installing the CA into " + dir + " needs root, as the README says: run the "
          + "end-to-end tests as root (CI does)");
    }
    Files.createDirectories(dir);
    Files.copy(caCertificate, dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    return dir;
  }

  /** A port no one listens on now, for Berth's HTTPS connector, whose number must be in SERVER_HOSTNAME. */
  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static SSLContext trusting(Path caCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      trust.setCertificateEntry("berth-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
