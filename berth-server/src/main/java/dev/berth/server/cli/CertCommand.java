package dev.berth.server.cli;

import dev.berth.server.tls.CertificateAuthority;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth cert}: a private CA and a server certificate, and how to make clients trust them. */
@Command(name = "cert", mixinStandardHelpOptions = true,
    description = "Write a CA (ca.crt, ca.key) and a server certificate (ssl.cert, ssl.key) for HOST.")
final class CertCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--hostname", required = true, paramLabel = "HOST", description = "The registry's host name.")
  String hostname;

  @Option(names = "--ip", paramLabel = "IP", description = "An IP address clients may use (repeatable).")
  List<String> ips = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where to write the files: the directory of config.yaml, for Berth to pick ssl.cert and ssl.key up.")
  Path out;

  @Option(names = "--port", defaultValue = "8443", paramLabel = "N",
      description = "The HTTPS port clients will use, for the trust instructions (default 8443).")
  int port;

  @Override
  public Integer call() throws Exception {
    CertificateAuthority.Written files = new CertificateAuthority(new SecureRandom()).write(out, hostname, ips);
    PrintWriter o = spec.commandLine().getOut();
    o.println("wrote " + files.caCertificate() + ", " + files.caKey() + ", " + files.certificate() + ", "
        + files.key());
    printTrust(o, hostname + (port == 443 ? "" : ":" + port), files.caCertificate());
    return 0;
  }

  static void printTrust(PrintWriter o, String registry, Path caCertificate) {
    o.println();
    o.println("To make podman, skopeo and buildah trust it (on each client machine):");
    o.println("  sudo mkdir -p /etc/containers/certs.d/" + registry);
    o.println("  sudo cp " + caCertificate.toAbsolutePath() + " /etc/containers/certs.d/" + registry + "/ca.crt");
    o.println("To make docker trust it:");
    o.println("  sudo mkdir -p /etc/docker/certs.d/" + registry);
    o.println("  sudo cp " + caCertificate.toAbsolutePath() + " /etc/docker/certs.d/" + registry + "/ca.crt");
    o.println("Then: podman login " + registry);
  }
}
