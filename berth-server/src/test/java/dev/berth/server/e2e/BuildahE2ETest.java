package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
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
 * buildah, as root on vfs storage, assembling a two-platform manifest list from umoci-built images
 * ({@code buildah manifest create/add}) and pushing it with {@code --all} straight into Berth, as an OCI index and
 * as a Docker manifest list; skopeo reads back what Berth serves.
 */
class BuildahE2ETest {
  @TempDir
  static Path work;

  static TestRegistry registry;
  static OciLayout source;
  static Path storage;

  @BeforeAll
  static void buildAndStart() throws Exception {
    source = OciLayout.init(work.resolve("layout"));
    source.buildImage("v1", 2, 600_000);
    source.retarget("v1", "arm64", "arm64");
    storage = Files.createDirectories(work.resolve("storage"));
    buildah("manifest", "create", "berth-e2e-list");
    buildah("manifest", "add", "berth-e2e-list", source.ref("v1"));
    buildah("manifest", "add", "berth-e2e-list", source.ref("arm64"));
    registry = TestRegistry.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void manifestPushAll_asOciIndex_isServedWithTheDigestBuildahWrote() throws Exception {
    JsonNode index = pushAndRead("oci", "e2e/buildah:oci");
    assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    // buildah pushes the OCI manifests unchanged, so the children are the layout's own manifests
    assertThat(texts(index.path("manifests"), "digest"))
        .containsExactly(source.descriptor("v1").digest(), source.descriptor("arm64").digest());
  }

  @Test
  void manifestPushAll_asDockerList_isServedWithTheDigestBuildahWrote() throws Exception {
    JsonNode list = pushAndRead("v2s2", "e2e/buildah:docker");
    assertThat(list.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(texts(list.path("manifests"), "mediaType")).containsOnly(MediaTypes.DOCKER_MANIFEST).hasSize(2);
  }

  /**
   * Pushes the list in {@code format}, checks that Berth serves exactly the bytes buildah reported by digest, and
   * that every child and its layers are there; returns the list as served.
   */
  private static JsonNode pushAndRead(String format, String repoAndTag) throws Exception {
    Path digestFile = work.resolve("digest-" + format);
    buildah("manifest", "push", "--all", "--format", format, "--tls-verify=false", "--digestfile",
        digestFile.toString(), "berth-e2e-list", "docker://" + registry.hostPort() + "/" + repoAndTag);
    String pushed = Files.readString(digestFile).strip();

    Skopeo skopeo = new Skopeo(registry.hostPort());
    byte[] served = skopeo.rawManifest(repoAndTag);
    assertThat(Digest.sha256(served).value()).isEqualTo(pushed);
    JsonNode list = OciLayout.JSON.readTree(served);
    String repo = repoAndTag.substring(0, repoAndTag.indexOf(':'));
    List<String> archs = new ArrayList<>();
    for (JsonNode child : list.path("manifests")) {
      String digest = child.path("digest").asText();
      byte[] childBytes = skopeo.rawManifest(repo + "@" + digest);
      assertThat(Digest.sha256(childBytes).value()).isEqualTo(digest);
      archs.add(child.path("platform").path("architecture").asText());
      JsonNode inspected = skopeo.inspect(repo + "@" + digest);
      assertThat(inspected.path("Layers")).hasSize(2);
    }
    assertThat(archs).containsExactly("amd64", "arm64");
    return list;
  }

  private static ExternalCommand.Result buildah(String... args) {
    List<String> all = new ArrayList<>(List.of("--storage-driver", "vfs",
        "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString()));
    all.addAll(List.of(args));
    return ExternalCommand.of("buildah", all.toArray(String[]::new)).env("TMPDIR", storage.toString()).run();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
