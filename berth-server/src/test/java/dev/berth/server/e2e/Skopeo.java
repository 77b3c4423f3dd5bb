package dev.berth.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** skopeo against a registry over plain HTTP (TLS verification off on the registry side of each command). */
final class Skopeo {
  private final String hostPort;

  Skopeo(String hostPort) {
    this.hostPort = hostPort;
  }

  /** {@code docker://<host:port>/<repoAndRef>}. */
  String docker(String repoAndRef) {
    return "docker://" + hostPort + "/" + repoAndRef;
  }

  /** {@code skopeo copy} into the registry from {@code source} (a transport:name reference). */
  ExternalCommand.Result push(String source, String repoAndRef, String... options) {
    return copy(source, docker(repoAndRef), "--dest-tls-verify=false", options);
  }

  /** {@code skopeo copy} out of the registry into {@code destination}. */
  ExternalCommand.Result pull(String repoAndRef, String destination, String... options) {
    return copy(docker(repoAndRef), destination, "--src-tls-verify=false", options);
  }

  private static ExternalCommand.Result copy(String from, String to, String tls, String... options) {
    List<String> args = new ArrayList<>(List.of("copy", "--quiet", tls));
    args.addAll(List.of(options));
    args.add(from);
    args.add(to);
    return ExternalCommand.of("skopeo", args.toArray(String[]::new)).run();
  }

  /** {@code skopeo inspect}: the image's digest, tags, layers and platform as skopeo sees them. */
  JsonNode inspect(String repoAndRef, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
    args.addAll(List.of(options));
    args.add(docker(repoAndRef));
    return OciLayout.JSON.readTree(ExternalCommand.of("skopeo", args.toArray(String[]::new)).run().stdout());
  }

  /** The manifest bytes exactly as the registry served them ({@code skopeo inspect --raw}). */
  byte[] rawManifest(String repoAndRef) {
    return ExternalCommand.of("skopeo", "inspect", "--raw", "--tls-verify=false", docker(repoAndRef)).run().stdout()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** {@code skopeo list-tags}. */
  List<String> listTags(String repo) throws IOException {
    JsonNode r = OciLayout.JSON.readTree(
        ExternalCommand.of("skopeo", "list-tags", "--tls-verify=false", docker(repo)).run().stdout());
    List<String> tags = new ArrayList<>();
    r.path("Tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }
}
