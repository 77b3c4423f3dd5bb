package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.server.e2e.OciLayout.Desc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo copies of images built with umoci into a real Berth over plain HTTP and back out, with digests compared
 * at every step: a single-platform image, a two-platform OCI index, Docker schema 2 manifests and lists, and an
 * OCI artifact with a subject. Each case runs twice: against an open registry, and with authentication on, where
 * skopeo signs in with {@code --creds} as the user owning the namespace {@code e2e/}.
 */
class SkopeoE2ETest {
  @TempDir
  static Path work;

  static final Map<Authentication, SignedInRegistry> registries = new EnumMap<>(Authentication.class);
  static OciLayout source;

  @BeforeAll
  static void buildImagesAndStart() throws Exception {
    source = OciLayout.init(work.resolve("source"));
    source.buildImage("v1", 3, 1_500_000);
    source.retarget("v1", "arm64", "arm64");
    source.addLayers("arm64", 1, 700_000); // so the two platforms differ in content, not only in configuration
    source.writeIndex("multi", List.of("v1", "arm64"));
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
  void copy_singlePlatformImage_roundTripKeepsManifestAndLayerDigests(Authentication mode) throws Exception {
    Skopeo skopeo = registries.get(mode).skopeo();
    Desc image = source.descriptor("v1");
    List<String> layers = source.layerDigests("v1");
    assertThat(layers).hasSize(3);

    skopeo.push(source.ref("v1"), "e2e/single:v1");
    skopeo.push(source.ref("v1"), "e2e/single:stable");
    OciLayout out = OciLayout.at(work.resolve(mode + "-single-out"));
    skopeo.pull("e2e/single:v1", out.ref("v1"));

    assertThat(out.descriptor("v1").digest()).isEqualTo(image.digest());
    assertThat(out.blob(image.digest())).isEqualTo(source.blob(image.digest()));
    assertThat(out.layerDigests("v1")).containsExactlyElementsOf(layers);
    assertThat(out.configDigest("v1")).isEqualTo(source.configDigest("v1"));
    for (String layer : layers) {
      assertThat(out.blob(layer)).as("layer %s", layer).isEqualTo(source.blob(layer));
    }
    out.assertBlobsIntact();

    JsonNode inspected = skopeo.inspect("e2e/single:v1");
    assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest());
    assertThat(texts(inspected.path("Layers"))).containsExactlyElementsOf(layers);
    assertThat(inspected.path("Architecture").asText()).isEqualTo("amd64");
    assertThat(texts(inspected.path("RepoTags"))).containsExactly("stable", "v1");
    assertThat(skopeo.listTags("e2e/single")).containsExactlyElementsOf(texts(inspected.path("RepoTags")));
    assertThat(skopeo.inspect("e2e/single:stable").path("Digest").asText()).isEqualTo(image.digest());
    if (mode == Authentication.DATABASE) {
      ExternalCommand.Result anonymous = new Skopeo(registries.get(mode).hostPort()).anonymous()
          .attemptInspect("e2e/single:v1");
      assertThat(anonymous.exitCode()).as("anonymous inspect of a private repository: %s", anonymous.stderr())
          .isNotZero();
    }
  }

  @ParameterizedTest(name = "authentication {0}")
  @EnumSource(Authentication.class)
  void copyAll_twoPlatformIndex_roundTripKeepsIndexAndBothChildManifests(Authentication mode) throws Exception {
    Skopeo skopeo = registries.get(mode).skopeo();
    Desc index = source.descriptor("multi");
    Desc amd64 = source.descriptor("v1");
    Desc arm64 = source.descriptor("arm64");
    assertThat(amd64.digest()).isNotEqualTo(arm64.digest());

    skopeo.push(source.ref("multi"), "e2e/multi:v1", "--all");

    byte[] served = skopeo.rawManifest("e2e/multi:v1");
    assertThat(served).isEqualTo(source.blob(index.digest()));
    assertThat(Digest.sha256(served).value()).isEqualTo(index.digest());
    for (Desc child : List.of(amd64, arm64)) {
      assertThat(skopeo.rawManifest("e2e/multi@" + child.digest())).as("child %s", child.digest())
          .isEqualTo(source.blob(child.digest()));
    }
    // skopeo resolves the index to the child of the asked platform: its Digest stays the index's.
    for (Desc child : List.of(amd64, arm64)) {
      String arch = child == amd64 ? "amd64" : "arm64";
      JsonNode inspected = skopeo.inspect("e2e/multi:v1", "--override-arch", arch, "--override-os", "linux");
      assertThat(inspected.path("Digest").asText()).isEqualTo(index.digest());
      assertThat(inspected.path("Architecture").asText()).isEqualTo(arch);
      assertThat(texts(inspected.path("Layers"))).containsExactlyElementsOf(layersOf(source, child));
    }

    OciLayout out = OciLayout.at(work.resolve(mode + "-multi-out"));
    skopeo.pull("e2e/multi:v1", out.ref("v1"), "--all");
    assertThat(out.descriptor("v1").digest()).isEqualTo(index.digest());
    assertThat(out.blob(index.digest())).isEqualTo(source.blob(index.digest()));
    for (Desc child : List.of(amd64, arm64)) {
      assertThat(out.blob(child.digest())).isEqualTo(source.blob(child.digest()));
      for (String layer : layersOf(source, child)) {
        assertThat(out.blob(layer)).as("layer %s", layer).isEqualTo(source.blob(layer));
      }
    }
    out.assertBlobsIntact();
  }

  @ParameterizedTest(name = "authentication {0}")
  @EnumSource(Authentication.class)
  void copyAsDockerSchema2_storesAndServesTheDockerManifest(Authentication mode) throws Exception {
    Skopeo skopeo = registries.get(mode).skopeo();
    List<String> layers = source.layerDigests("v1");

    skopeo.push(source.ref("v1"), "e2e/docker:v1", "--format", "v2s2");

    byte[] served = skopeo.rawManifest("e2e/docker:v1");
    JsonNode manifest = OciLayout.JSON.readTree(served);
    assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(texts(manifest.path("layers"), "digest")).containsExactlyElementsOf(layers);
    var head = registries.get(mode).http().head("/v2/e2e/docker/manifests/v1", MediaTypes.DOCKER_MANIFEST);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Type")).contains(MediaTypes.DOCKER_MANIFEST);
    assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(Digest.sha256(served).value());

    Path dir = work.resolve(mode + "-docker-out");
    skopeo.pull("e2e/docker:v1", "dir:" + dir);
    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(served);
    for (String layer : layers) {
      assertThat(Files.readAllBytes(dir.resolve(Digest.parse(layer).encoded()))).isEqualTo(source.blob(layer));
    }
  }

  @ParameterizedTest(name = "authentication {0}")
  @EnumSource(Authentication.class)
  void copyAllAsDockerSchema2_storesTheManifestListAndBothChildren(Authentication mode) throws Exception {
    Skopeo skopeo = registries.get(mode).skopeo();
    skopeo.push(source.ref("multi"), "e2e/dockerlist:v1", "--all", "--format", "v2s2");

    byte[] served = skopeo.rawManifest("e2e/dockerlist:v1");
    JsonNode list = OciLayout.JSON.readTree(served);
    assertThat(list.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(texts(list.path("manifests"), "mediaType")).containsOnly(MediaTypes.DOCKER_MANIFEST).hasSize(2);
    List<String> archs = new ArrayList<>();
    for (JsonNode child : list.path("manifests")) {
      byte[] childBytes = skopeo.rawManifest("e2e/dockerlist@" + child.path("digest").asText());
      assertThat(Digest.sha256(childBytes).value()).isEqualTo(child.path("digest").asText());
      archs.add(child.path("platform").path("architecture").asText());
    }
    assertThat(archs).containsExactly("amd64", "arm64");

    Path dir = work.resolve(mode + "-dockerlist-out");
    skopeo.pull("e2e/dockerlist:v1", "dir:" + dir, "--all");
    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(served);
  }

  @ParameterizedTest(name = "authentication {0}")
  @EnumSource(Authentication.class)
  void copy_ociArtifactWithSubject_isStoredAndListedAsReferrer(Authentication mode) throws Exception {
    Skopeo skopeo = registries.get(mode).skopeo();
    Desc image = source.descriptor("v1");
    byte[] payload = new byte[200_000];
    ThreadLocalRandom.current().nextBytes(payload);
    Desc artifact = source.writeArtifact("sig", "application/vnd.berth.test.signature",
        "application/vnd.berth.test.payload", payload, Optional.of(image));

    skopeo.push(source.ref("v1"), "e2e/artifact:v1");
    skopeo.push(source.ref("sig"), "e2e/artifact:sig");

    assertThat(skopeo.rawManifest("e2e/artifact:sig")).isEqualTo(source.blob(artifact.digest()));
    var referrers = registries.get(mode).http().get("/v2/e2e/artifact/referrers/" + image.digest());
    assertThat(referrers.statusCode()).isEqualTo(200);
    JsonNode listed = OciLayout.JSON.readTree(referrers.body()).path("manifests");
    assertThat(texts(listed, "digest")).containsExactly(artifact.digest());
    assertThat(listed.get(0).path("artifactType").asText()).isEqualTo("application/vnd.berth.test.signature");

    OciLayout out = OciLayout.at(work.resolve(mode + "-artifact-out"));
    skopeo.pull("e2e/artifact:sig", out.ref("sig"));
    assertThat(out.descriptor("sig").digest()).isEqualTo(artifact.digest());
    assertThat(out.blob(Digest.sha256(payload).value())).isEqualTo(payload);
    out.assertBlobsIntact();
  }

  private static List<String> layersOf(OciLayout layout, Desc manifest) throws Exception {
    return texts(layout.json(manifest.digest()).path("layers"), "digest");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }
}
