package dev.berth.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * skopeo against one registry: over plain HTTP (TLS verification off on the registry side of each command), or
 * over HTTPS verified against the CA certificates in a {@code --cert-dir}; with {@code --creds} when given, else
 * anonymously with {@code --no-creds} (so that no credentials file of the machine is consulted).
 */
final class Skopeo {
  private final String hostPort;
  private final Optional<Path> certDir;
  private final Optional<String> creds;

  /** skopeo over plain HTTP, without credentials of its own. */
  Skopeo(String hostPort) {
    this(hostPort, Optional.empty(), Optional.empty());
  }

  private Skopeo(String hostPort, Optional<Path> certDir, Optional<String> creds) {
    this.hostPort = hostPort;
    this.certDir = certDir;
    this.creds = creds;
  }

  /** skopeo over HTTPS that trusts the CA certificates ({@code *.crt}) in {@code certDir}. */
  static Skopeo tls(String hostPort, Path certDir) {
    return new Skopeo(hostPort, Optional.of(certDir), Optional.empty());
  }

  /** The same, signing in with {@code USER:SECRET} (a password, a robot token, or {@code $app:TOKEN}). */
  Skopeo withCreds(String user, String secret) {
    return new Skopeo(hostPort, certDir, Optional.of(user + ":" + secret));
  }

  /** The same, anonymous: {@code --no-creds}. */
  Skopeo anonymous() {
    return new Skopeo(hostPort, certDir, Optional.of(""));
  }

  /** {@code docker://<host:port>/<repoAndRef>}. */
  String docker(String repoAndRef) {
    return "docker://" + hostPort + "/" + repoAndRef;
  }

  /** {@code skopeo copy} into the registry from {@code source} (a transport:name reference). */
  ExternalCommand.Result push(String source, String repoAndRef, String... options) {
    return copyCommand(source, docker(repoAndRef), registryOptions("dest-"), options).run();
  }

  /** {@link #push}, returning a failure instead of throwing it. */
  ExternalCommand.Result attemptPush(String source, String repoAndRef, String... options) {
    return copyCommand(source, docker(repoAndRef), registryOptions("dest-"), options).runAllowingFailure();
  }

  /** {@code skopeo copy} out of the registry into {@code destination}. */
  ExternalCommand.Result pull(String repoAndRef, String destination, String... options) {
    return copyCommand(docker(repoAndRef), destination, registryOptions("src-"), options).run();
  }

  /** {@link #pull}, returning a failure instead of throwing it. */
  ExternalCommand.Result attemptPull(String repoAndRef, String destination, String... options) {
    return copyCommand(docker(repoAndRef), destination, registryOptions("src-"), options).runAllowingFailure();
  }

  private static ExternalCommand copyCommand(String from, String to, List<String> registry, String... options) {
    List<String> args = new ArrayList<>(List.of("copy", "--quiet"));
    args.addAll(registry);
    args.addAll(List.of(options));
    args.add(from);
    args.add(to);
    return ExternalCommand.of("skopeo", args.toArray(String[]::new));
  }

  /** {@code skopeo inspect}: the image's digest, tags, layers and platform as skopeo sees them. */
  JsonNode inspect(String repoAndRef, String... options) throws IOException {
    return OciLayout.JSON.readTree(inspectCommand(repoAndRef, options).run().stdout());
  }

  /** {@code skopeo inspect}, returning a failure instead of throwing it. */
  ExternalCommand.Result attemptInspect(String repoAndRef, String... options) {
    return inspectCommand(repoAndRef, options).runAllowingFailure();
  }

  private ExternalCommand inspectCommand(String repoAndRef, String... options) {
    List<String> args = new ArrayList<>(List.of("inspect"));
    args.addAll(registryOptions(""));
    args.addAll(List.of(options));
    args.add(docker(repoAndRef));
    return ExternalCommand.of("skopeo", args.toArray(String[]::new));
  }

  /** The manifest bytes exactly as the registry served them ({@code skopeo inspect --raw}). */
  byte[] rawManifest(String repoAndRef) {
    return inspectCommand(repoAndRef, "--raw").run().stdout().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code skopeo list-tags}. */
  List<String> listTags(String repo) throws IOException {
    List<String> args = new ArrayList<>(List.of("list-tags"));
    args.addAll(registryOptions(""));
    args.add(docker(repo));
    JsonNode r = OciLayout.JSON.readTree(ExternalCommand.of("skopeo", args.toArray(String[]::new)).run().stdout());
    List<String> tags = new ArrayList<>();
    r.path("Tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  /** TLS and credential options for the registry side of a command: {@code prefix} is "", "src-" or "dest-". */
  private List<String> registryOptions(String prefix) {
    List<String> options = new ArrayList<>();
    if (certDir.isPresent()) {
      options.add("--" + prefix + "cert-dir=" + certDir.get());
    } else {
      options.add("--" + prefix + "tls-verify=false");
    }
    creds.ifPresent(c -> options.add(c.isEmpty() ? "--" + prefix + "no-creds" : "--" + prefix + "creds=" + c));
    return options;
  }
}
