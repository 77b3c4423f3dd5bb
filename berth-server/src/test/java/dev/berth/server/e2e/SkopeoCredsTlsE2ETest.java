package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.server.e2e.OciLayout.Desc;
import dev.berth.server.testing.TestRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo with {@code --creds} against Berth over verified HTTPS, the certificate made by {@code berth cert
 * --hostname localhost --ip 127.0.0.1 --out DIR} and trusted through {@code --cert-dir} (a directory holding only
 * {@code ca.crt}) rather than {@code /etc/containers/certs.d}. Berth runs with {@code AUTHENTICATION_TYPE:
 * Database} and no configuration file, so its configuration directory is its data directory, where {@code
 * ssl.cert} and {@code ssl.key} are picked up, and HTTPS takes a free port ({@code HTTPS_PORT: 0}). Clients name it
 * by IP, {@code 127.0.0.1:PORT}, which the certificate must list; without {@code SERVER_HOSTNAME} the token realm
 * and service come from the request's {@code Host}.
 */
class SkopeoCredsTlsE2ETest {
  static final String ALICE_PASSWORD = "alice-Passw0rd-skopeo";
  static final String BOB_PASSWORD = "bob-Passw0rd-skopeo";

  @TempDir
  static Path work;

  static Path configDir;
  static BerthCli.Admin cli;
  static BerthCli.Result cert;
  static TestRegistry berth;
  static String registry;
  static Path certDir;
  static OciLayout source;
  static Desc image;

  @BeforeAll
  static void start() throws Exception {
    configDir = work.resolve("berth");
    cert = BerthCli.run("cert", "--hostname", "localhost", "--ip", "127.0.0.1", "--out", configDir.toString());
    berth = TestRegistry.startIn(configDir, Map.of("AUTHENTICATION_TYPE", "Database", "HTTPS_PORT", 0));
    registry = "127.0.0.1:" + berth.httpsPort();
    certDir = Files.createDirectories(work.resolve("trusted"));
    Files.copy(configDir.resolve("ca.crt"), certDir.resolve("ca.crt"));

    cli = BerthCli.Admin.dataDir(configDir);
    cli.runWithInput(ALICE_PASSWORD, "user", "create", "alice", "--password-stdin");
    cli.runWithInput(BOB_PASSWORD, "user", "create", "bob", "--password-stdin");
    cli.run("org", "create", "acme", "--owner", "alice");

    source = OciLayout.init(work.resolve("source"));
    image = source.buildImage("v1", 2, 600_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (berth != null) {
      berth.close();
    }
  }

  @Test
  void cert_writesACaAndAServerCertificateForTheNameAndIp_andPrintsHowToTrustIt() throws Exception {
    assertThat(cert.out()).contains("ca.crt", "ssl.cert",
        "sudo cp " + configDir.resolve("ca.crt") + " /etc/containers/certs.d/localhost:8443/ca.crt",
        "/etc/docker/certs.d/localhost:8443/ca.crt");
    for (String key : List.of("ca.key", "ssl.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configDir.resolve(key))))
          .as("%s readable by its owner only", key).isEqualTo("rw-------");
    }
    X509Certificate server;
    try (InputStream in = Files.newInputStream(configDir.resolve("ssl.cert"))) {
      server = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    List<String> names = new ArrayList<>();
    server.getSubjectAlternativeNames().forEach(san -> names.add(san.get(1).toString()));
    assertThat(names).contains("localhost", "127.0.0.1");

    ExternalCommand.Result untrusted = Skopeo.tls(registry, Files.createDirectories(work.resolve("empty")))
        .withCreds("alice", ALICE_PASSWORD).attemptInspect("alice/nothing:v1");
    assertThat(untrusted.exitCode()).as(untrusted.describe()).isNotZero();
    assertThat(untrusted.stderr()).contains("x509: certificate signed by unknown authority");
  }

  @Test
  void creds_copyIntoTheUsersOwnNamespaceAndBack_keepsEveryDigest() throws Exception {
    Skopeo alice = skopeo().withCreds("alice", ALICE_PASSWORD);
    alice.push(source.ref("v1"), "alice/app:v1");

    JsonNode inspected = alice.inspect("alice/app:v1");
    assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
    OciLayout out = OciLayout.at(work.resolve("alice-out"));
    alice.pull("alice/app:v1", out.ref("v1"));
    assertThat(out.descriptor("v1").digest()).isEqualTo(image.digest());
    assertThat(out.layerDigests("v1")).containsExactlyElementsOf(source.layerDigests("v1"));
    out.assertBlobsIntact();
  }

  @Test
  void creds_wrongPassword_isRefused() {
    ExternalCommand.Result wrong = skopeo().withCreds("bob", "not-" + BOB_PASSWORD).attemptInspect("bob/app:v1");
    assertThat(wrong.exitCode()).as(wrong.describe()).isNotZero();
    assertThat(wrong.stderr()).contains("invalid username/password");
  }

  @Test
  void creds_copyIntoANamespaceTheUserMayNotWrite_isDenied() throws Exception {
    Skopeo alice = skopeo().withCreds("alice", ALICE_PASSWORD);
    alice.push(source.ref("v1"), "alice/readable:v1");
    cli.run("repo", "visibility", "alice/readable", "public");
    Skopeo bob = skopeo().withCreds("bob", BOB_PASSWORD);

    ExternalCommand.Result foreign = bob.attemptPush(source.ref("v1"), "acme/bobs:v1");
    assertThat(foreign.exitCode()).as(foreign.describe()).isNotZero();
    assertThat(foreign.stderr()).contains("acme/bobs: 403 (Forbidden)");
    ExternalCommand.Result readOnly = bob.attemptPush(source.ref("v1"), "alice/readable:v2");
    assertThat(readOnly.exitCode()).as(readOnly.describe()).isNotZero();
    assertThat(readOnly.stderr()).contains("denied: requested access to the resource is denied");

    assertThat(alice.listTags("alice/readable")).containsExactly("v1");
    assertThat(alice.attemptInspect("acme/bobs:v1").exitCode()).isNotZero();
  }

  @Test
  void anonymous_readsAPublicRepository_butNotAPrivateOne() throws Exception {
    Skopeo alice = skopeo().withCreds("alice", ALICE_PASSWORD);
    alice.push(source.ref("v1"), "alice/open:v1");
    alice.push(source.ref("v1"), "alice/closed:v1");
    cli.run("repo", "visibility", "alice/open", "public");

    Skopeo anonymous = skopeo().anonymous();
    assertThat(anonymous.inspect("alice/open:v1").path("Digest").asText()).isEqualTo(image.digest());
    OciLayout out = OciLayout.at(work.resolve("anonymous-out"));
    anonymous.pull("alice/open:v1", out.ref("v1"));
    assertThat(out.descriptor("v1").digest()).isEqualTo(image.digest());

    ExternalCommand.Result closed = anonymous.attemptInspect("alice/closed:v1");
    assertThat(closed.exitCode()).as(closed.describe()).isNotZero();
    assertThat(closed.stderr()).contains("denied: requested access to the resource is denied");
  }

  @Test
  void robot_copiesOnlyWhereItWasGranted() throws Exception {
    skopeo().withCreds("alice", ALICE_PASSWORD).push(source.ref("v1"), "acme/tool:v1");
    String token = cli.run("robot", "create", "acme+deploy").printedToken();
    cli.run("repo", "grant", "acme/tool", "acme+deploy", "write");
    Skopeo robot = skopeo().withCreds("acme+deploy", token);

    robot.push(source.ref("v1"), "acme/tool:v2");
    assertThat(robot.inspect("acme/tool:v2").path("Digest").asText()).isEqualTo(image.digest());
    assertThat(robot.listTags("acme/tool")).containsExactlyInAnyOrder("v1", "v2");

    ExternalCommand.Result other = robot.attemptPush(source.ref("v1"), "acme/other:v1");
    assertThat(other.exitCode()).as(other.describe()).isNotZero();
    assertThat(other.stderr()).contains("acme/other: 403 (Forbidden)");
    ExternalCommand.Result wrongToken = skopeo().withCreds("acme+deploy", token + "x").attemptInspect("acme/tool:v2");
    assertThat(wrongToken.exitCode()).as(wrongToken.describe()).isNotZero();

    // A default permission reaches repositories created after it, not the ones refused before.
    cli.run("org", "default-permission", "acme", "acme+deploy", "write");
    skopeo().withCreds("alice", ALICE_PASSWORD).push(source.ref("v1"), "acme/later:v1");
    robot.push(source.ref("v1"), "acme/later:v2");
    assertThat(robot.listTags("acme/later")).containsExactlyInAnyOrder("v1", "v2");
  }

  @Test
  void teamWithTheCreatorRole_letsItsMembersCreateRepositoriesInTheOrganisation() throws Exception {
    cli.runWithInput("carol-Passw0rd-skopeo", "user", "create", "carol", "--password-stdin");
    Skopeo carol = skopeo().withCreds("carol", "carol-Passw0rd-skopeo");
    ExternalCommand.Result outsider = carol.attemptPush(source.ref("v1"), "acme/carols:v1");
    assertThat(outsider.exitCode()).as("before joining a team: %s", outsider.describe()).isNotZero();

    cli.run("team", "create", "acme", "builders", "--role", "creator");
    cli.run("team", "add", "acme", "builders", "carol");
    carol.push(source.ref("v1"), "acme/carols:v1");
    assertThat(carol.inspect("acme/carols:v1").path("Digest").asText()).isEqualTo(image.digest());
  }

  @Test
  void appSpecificToken_withAnExpiry_readsAndWritesAsItsUser() throws Exception {
    String token = cli.run("user", "token", "alice", "--title", "laptop", "--expires-days", "30").printedToken();
    Skopeo app = skopeo().withCreds("$app", token);

    app.push(source.ref("v1"), "alice/via-token:v1");
    assertThat(app.inspect("alice/via-token:v1").path("Digest").asText()).isEqualTo(image.digest());
    assertThat(skopeo().withCreds("alice", ALICE_PASSWORD).listTags("alice/via-token")).containsExactly("v1");
  }

  /** skopeo over HTTPS to {@code 127.0.0.1:PORT}, trusting only the CA that {@code berth cert} made. */
  private static Skopeo skopeo() {
    return Skopeo.tls(registry, certDir);
  }
}
