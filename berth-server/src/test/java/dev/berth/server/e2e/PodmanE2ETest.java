package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import dev.berth.server.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman, as root with vfs storage in a temporary root, pushing to and pulling from a real Berth over plain HTTP.
 * If podman cannot run on a machine, this test fails with podman's own reason: it is not skipped.
 */
class PodmanE2ETest {
  @TempDir
  static Path work;

  static TestRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void podman_pushesToBerth_andPullsBackTheSameImage() throws Exception {
    // podman names an image pulled from an OCI layout after the layout's path, which must be lower case.
    OciLayout source = OciLayout.init(work.resolve("layout"));
    source.buildImage("v1", 2, 1_000_000);
    String imageId = Digest.parse(source.configDigest("v1")).encoded();
    Path storage = Files.createDirectories(work.resolve("storage"));
    String target = registry.hostPort() + "/e2e/podman:v1";

    String pulledFromLayout = lastLine(podman(storage, "pull", "--quiet", source.ref("v1")).stdout());
    assertThat(pulledFromLayout).as("image id after pulling the OCI layout").isEqualTo(imageId);

    podman(storage, "push", "--quiet", "--tls-verify=false", imageId, "docker://" + target);
    JsonNode inRegistry = new Skopeo(registry.hostPort()).inspect("e2e/podman:v1");
    assertThat(inRegistry.path("Layers")).hasSize(2);

    podman(storage, "rmi", "--force", imageId);
    assertThat(podman(storage, "images", "--quiet", "--no-trunc").stdout()).doesNotContain(imageId);

    String pulledFromBerth = lastLine(podman(storage, "pull", "--quiet", "--tls-verify=false", target).stdout());
    assertThat(pulledFromBerth).as("image id after pulling it back from Berth").isEqualTo(imageId);
    JsonNode inspected = OciLayout.JSON.readTree(podman(storage, "image", "inspect", target).stdout()).get(0);
    assertThat(inspected.path("Id").asText()).isEqualTo(imageId);
    assertThat(texts(inspected.path("RepoDigests")))
        .contains(registry.hostPort() + "/e2e/podman@" + inRegistry.path("Digest").asText());
  }

  /** podman as root on vfs storage under {@code storage}, touching nothing of the machine's own containers. */
  private static ExternalCommand.Result podman(Path storage, String... args) {
    List<String> all = new ArrayList<>(List.of("--storage-driver", "vfs",
        "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString(),
        "--tmpdir", storage.resolve("tmp").toString(), "--events-backend", "none", "--cgroup-manager", "cgroupfs"));
    all.addAll(List.of(args));
    return ExternalCommand.of("podman", all.toArray(String[]::new)).env("TMPDIR", storage.toString()).run();
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
