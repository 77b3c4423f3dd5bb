package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman, as root with vfs storage in a temporary root, pushing to and pulling from a real Berth over plain HTTP:
 * against an open registry, and with authentication on after {@code podman login} as the user owning the
 * namespace {@code e2e/}. If podman cannot run on a machine, this test fails with podman's own reason: it is not
 * skipped.
 */
class PodmanE2ETest {
  @TempDir
  static Path work;

  static final Map<Authentication, SignedInRegistry> registries = new EnumMap<>(Authentication.class);

  @BeforeAll
  static void start() throws Exception {
    for (Authentication mode : Authentication.values()) {
      registries.put(mode, SignedInRegistry.start(mode));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (SignedInRegistry registry : registries.values()) {
      registry.close();
    }
    registries.clear();
  }

  @ParameterizedTest(name = "authentication {0}")
  @EnumSource(Authentication.class)
  void podman_pushesToBerth_andPullsBackTheSameImage(Authentication mode) throws Exception {
    SignedInRegistry registry = registries.get(mode);
    // podman names an image pulled from an OCI layout after the layout's path, which must be lower case.
    OciLayout source = OciLayout.init(work.resolve(mode.name().toLowerCase() + "-layout"));
    source.buildImage("v1", 2, 1_000_000);
    String imageId = Digest.parse(source.configDigest("v1")).encoded();
    try (Podman podman = Podman.create()) {
      pushAndPullBack(registry, podman, source, imageId);
    }
  }

  private static void pushAndPullBack(SignedInRegistry registry, Podman podman, OciLayout source, String imageId)
      throws Exception {
    String target = registry.hostPort() + "/e2e/podman:v1";

    String pulledFromLayout = Podman.lastLine(podman.run("pull", "--quiet", source.ref("v1")).stdout());
    assertThat(pulledFromLayout).as("image id after pulling the OCI layout").isEqualTo(imageId);

    if (registry.mode() == Authentication.DATABASE) {
      ExternalCommand.Result anonymous =
          podman.attempt("push", "--quiet", "--tls-verify=false", imageId, "docker://" + target);
      assertThat(anonymous.exitCode()).as("push before podman login: %s", anonymous.stderr()).isNotZero();
    }
    registry.signIn(podman);
    podman.run("push", "--quiet", "--tls-verify=false", imageId, "docker://" + target);
    JsonNode inRegistry = registry.skopeo().inspect("e2e/podman:v1");
    assertThat(inRegistry.path("Layers")).hasSize(2);

    podman.run("rmi", "--force", imageId);
    assertThat(podman.run("images", "--quiet", "--no-trunc").stdout()).doesNotContain(imageId);

    String pulledFromBerth = Podman.lastLine(podman.run("pull", "--quiet", "--tls-verify=false", target).stdout());
    assertThat(pulledFromBerth).as("image id after pulling it back from Berth").isEqualTo(imageId);
    JsonNode inspected = OciLayout.JSON.readTree(podman.run("image", "inspect", target).stdout()).get(0);
    assertThat(inspected.path("Id").asText()).isEqualTo(imageId);
    assertThat(texts(inspected.path("RepoDigests")))
        .contains(registry.hostPort() + "/e2e/podman@" + inRegistry.path("Digest").asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
