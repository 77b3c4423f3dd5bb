package dev.berth.server.cli;

import static dev.berth.server.cli.InitCommandTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.berth.server.testing.Cli;
import dev.berth.server.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code berth cert}: a CA and a server certificate that OpenSSL reads as Berth means them (SANs, CA flag, key
 * usages, a chain that verifies), and the commands that make podman and docker trust the CA.
 */
class CertCommandTest {
  Path dir;

  @BeforeEach
  void createDir() throws Exception {
    dir = Files.createTempDirectory("berth-cert-");
  }

  @AfterEach
  void deleteDir() throws Exception {
    TestRegistry.deleteTree(dir);
  }

  /** Runs openssl; fails the test with an install hint when it is missing. */
  static String openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return fail("this test needs the openssl command: install it (apt-get install openssl)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void cert_writesACaAndAServerCertificate_thatOpensslReadsAsMeant() throws Exception {
    Cli.Result r = Cli.run("cert", "--hostname", "registry.example.test", "--ip", "127.0.0.1", "--ip", "::1",
        "--out", dir.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String server = openssl("x509", "-noout", "-text", "-in", dir.resolve("ssl.cert").toString());
    assertThat(server).contains("DNS:registry.example.test", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1")
        .contains("CA:FALSE").contains("TLS Web Server Authentication").contains("Digital Signature")
        .contains("Subject: CN = registry.example.test");
    String ca = openssl("x509", "-noout", "-text", "-in", dir.resolve("ca.crt").toString());
    assertThat(ca).contains("CA:TRUE").contains("Certificate Sign");
    assertThat(openssl("verify", "-CAfile", dir.resolve("ca.crt").toString(), "-purpose", "sslserver",
        dir.resolve("ssl.cert").toString())).contains(": OK");
    assertThat(openssl("x509", "-noout", "-pubkey", "-in", dir.resolve("ssl.cert").toString()))
        .as("ssl.key belongs to ssl.cert")
        .isEqualTo(openssl("pkey", "-pubout", "-in", dir.resolve("ssl.key").toString()));
    for (String key : List.of("ssl.key", "ca.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).as(key)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void cert_printsTheTrustCommandsForPodmanAndDocker() {
    Cli.Result r = Cli.run("cert", "--hostname", "registry.example.test", "--out", dir.toString());

    String ca = dir.resolve("ca.crt").toAbsolutePath().toString();
    assertThat(r.out()).contains("sudo mkdir -p /etc/containers/certs.d/registry.example.test:8443")
        .contains("sudo cp " + ca + " /etc/containers/certs.d/registry.example.test:8443/ca.crt")
        .contains("sudo cp " + ca + " /etc/docker/certs.d/registry.example.test:8443/ca.crt")
        .contains("podman login registry.example.test:8443");
  }

  @Test
  void cert_onPort443_namesTheRegistryWithoutPort() {
    Cli.Result r = Cli.run("cert", "--hostname", "registry.example.test", "--port", "443", "--out", dir.toString());
    assertThat(r.out()).contains("/etc/containers/certs.d/registry.example.test/ca.crt")
        .contains("podman login registry.example.test\n");
  }

  @Test
  void cert_refusesToOverwrite_andRejectsNonAddresses_writingNothing() throws Exception {
    assertThat(Cli.run("cert", "--hostname", "h.example.test", "--out", dir.toString()).exitCode()).isZero();
    byte[] before = Files.readAllBytes(dir.resolve("ca.key"));
    assertOneLineError(Cli.run("cert", "--hostname", "h.example.test", "--out", dir.toString()), "exists");
    assertThat(Files.readAllBytes(dir.resolve("ca.key"))).isEqualTo(before);

    Path other = dir.resolve("other");
    assertOneLineError(Cli.run("cert", "--hostname", "h.example.test", "--ip", "localhost", "--out",
        other.toString()), "");
    assertThat(other.resolve("ssl.cert")).doesNotExist();
    assertThat(other.resolve("ca.key")).doesNotExist();
  }
}
