package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manifest PUT (end-7, end-7b): every kind Berth stores, and every way a push is refused. */
class ManifestPushTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  private void assertPushed(Response r, String repo, Images.Image image) {
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.header("Docker-Content-Digest")).contains(image.digest().value());
    assertThat(r.header("Location")).contains("/v2/" + repo + "/manifests/" + image.digest().value());
    Response pulled = expect(oci.getManifest(repo, image.digest().value()), 200);
    assertThat(pulled.body()).isEqualTo(image.bytes());
    assertThat(pulled.header("Content-Type")).contains(image.mediaType());
  }

  @Test
  void ociImageManifest_byTag_is201() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().layers(3).build();

    assertPushed(oci.push(repo, "latest", image), repo, image);
    assertThat(expect(oci.getManifest(repo, "latest"), 200).body()).isEqualTo(image.bytes());
  }

  @Test
  void dockerSchema2Manifest_is201AndServedAsDocker() {
    String repo = registry.repo("push");
    Images.Image image = Images.docker().layers(2).build();

    assertPushed(oci.push(repo, "v1", image), repo, image);
    assertThat(oci.getManifest(repo, "v1").header("Content-Type")).contains(Images.DOCKER_MANIFEST);
  }

  @Test
  void dockerManifestList_is201() {
    String repo = registry.repo("push");
    Images.Image list = Images.dockerList()
        .add(Images.docker().build(), "linux", "amd64")
        .add(Images.docker().build(), "linux", "arm64")
        .build();

    assertPushed(oci.push(repo, "multi", list), repo, list);
  }

  @Test
  void ociIndex_is201_andChildrenStayReachable() {
    String repo = registry.repo("push");
    Images.Image amd = Images.oci().build();
    Images.Image arm = Images.oci().build();
    Images.Image index = Images.index().add(amd, "linux", "amd64").add(arm, "linux", "arm64").build();

    assertPushed(oci.push(repo, "multi", index), repo, index);
    assertThat(expect(oci.getManifest(repo, amd.digest().value()), 200).body()).isEqualTo(amd.bytes());
    assertThat(expect(oci.getManifest(repo, arm.digest().value()), 200).body()).isEqualTo(arm.bytes());
  }

  @Test
  void nestedIndex_is201() {
    String repo = registry.repo("push");
    Images.Image inner = Images.index().add(Images.oci().build(), "linux", "amd64").build();
    Images.Image outer = Images.index().add(inner).add(Images.oci().build(), "linux", "s390x").build();

    assertPushed(oci.push(repo, "nested", outer), repo, outer);
    assertThat(expect(oci.getManifest(repo, inner.digest().value()), 200).body()).isEqualTo(inner.bytes());
  }

  @Test
  void ociArtifact_withArtifactTypeAndEmptyConfig_is201() {
    String repo = registry.repo("push");
    Images.Image artifact = Images.artifact("application/vnd.example.sbom+json").build();
    assertThat(artifact.config().digest().value())
        .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");

    assertPushed(oci.push(repo, "sbom", artifact), repo, artifact);
  }

  @Test
  void artifactWithOnlyTheEmptyDescriptorAsLayer_is201() {
    String repo = registry.repo("push");
    Images.Image artifact = Images.oci().artifactType("application/vnd.example.marker").config(Images.emptyConfig())
        .layers(0).layer(Images.emptyConfig()).annotation("k", Images.randomHex(4)).build();

    assertPushed(oci.push(repo, "marker", artifact), repo, artifact);
  }

  @Test
  void pushByDigest_is201_andUntagged() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();

    assertPushed(oci.push(repo, image.digest().value(), image), repo, image);
    assertThat(expect(oci.get("/v2/" + repo + "/tags/list"), 200).json().path("tags").size()).isZero();
  }

  @Test
  void pushByDigest_withWrongDigest_is400DigestInvalid() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);
    Digest wrong = Digest.sha256(Images.randomBytes(10));

    Response r = oci.pushManifest(repo, wrong.value(), image.mediaType(), image.bytes());

    assertOciError(r, 400, "DIGEST_INVALID");
    assertThat(oci.getManifest(repo, wrong.value()).status()).isEqualTo(404);
    assertThat(oci.getManifest(repo, image.digest().value()).status()).isEqualTo(404);
  }

  @Test
  void pushBySha512Digest_isStoredAndPulledBySha512() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().algorithm(DigestAlgorithm.SHA512).layers(2).build();
    assertThat(image.digest().algorithm()).isEqualTo(DigestAlgorithm.SHA512);

    Response r = oci.push(repo, image.digest().value(), image);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Docker-Content-Digest")).contains(image.digest().value());
    Response pulled = expect(oci.getManifest(repo, image.digest().value()), 200);
    assertThat(pulled.body()).isEqualTo(image.bytes());
    assertThat(pulled.header("Docker-Content-Digest")).contains(image.digest().value());
    for (Images.Blob blob : image.blobs()) {
      assertThat(expect(oci.getBlob(repo, blob.digest()), 200).body()).isEqualTo(blob.bytes());
    }
  }

  @Test
  void pushByDigest_withTagParameters_answersOneOciTagHeaderPerTag_andTagsResolve() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    Response r = oci.pushManifest(repo, image.digest().value() + "?tag=a&tag=b", image.mediaType(), image.bytes());

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.headerValues("OCI-Tag")).containsExactlyInAnyOrder("a", "b");
    assertThat(r.header("Docker-Content-Digest")).contains(image.digest().value());
    for (String tag : List.of("a", "b")) {
      Response pulled = expect(oci.getManifest(repo, tag), 200);
      assertThat(pulled.body()).isEqualTo(image.bytes());
      assertThat(pulled.header("Docker-Content-Digest")).contains(image.digest().value());
    }
  }

  @Test
  void pushByDigest_withTenTags_acceptsAll() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      query.append(i == 0 ? "?" : "&").append("tag=t").append(i);
    }

    Response r = oci.pushManifest(repo, image.digest().value() + query, image.mediaType(), image.bytes());

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.headerValues("OCI-Tag")).hasSize(10);
    assertThat(expect(oci.get("/v2/" + repo + "/tags/list"), 200).json().path("tags").size()).isEqualTo(10);
  }

  @Test
  void pushByDigest_withInvalidTagParameter_is400TagInvalid_andNothingIsTagged() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    Response r = oci.pushManifest(repo, image.digest().value() + "?tag=ok&tag=-bad", image.mediaType(),
        image.bytes());

    assertOciError(r, 400, "TAG_INVALID");
    assertThat(oci.getManifest(repo, "ok").status()).isEqualTo(404);
  }

  @Test
  void movingATag_pointsItAtTheNewManifest() {
    String repo = registry.repo("push");
    Images.Image first = Images.oci().build();
    Images.Image second = Images.oci().build();
    expect(oci.push(repo, "moving", first), 201);

    expect(oci.push(repo, "moving", second), 201);

    Response pulled = expect(oci.getManifest(repo, "moving"), 200);
    assertThat(pulled.body()).isEqualTo(second.bytes());
    assertThat(pulled.header("Docker-Content-Digest")).contains(second.digest().value());
    assertThat(expect(oci.getManifest(repo, first.digest().value()), 200).body()).isEqualTo(first.bytes());
  }

  @Test
  void repushingTheSameManifest_isIdempotent() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "same", image), 201);

    Response again = oci.pushManifest(repo, "same", image.mediaType(), image.bytes());

    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Docker-Content-Digest")).contains(image.digest().value());
  }

  @Test
  void subject_isAnsweredWithOciSubjectHeader() {
    String repo = registry.repo("push");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    Images.Image signature = Images.artifact("application/vnd.example.signature").subject(subject).build();

    Response r = oci.push(repo, signature.digest().value(), signature);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("OCI-Subject")).contains(subject.digest().value());
  }

  @Test
  void referrerWhoseSubjectIsMissing_isAccepted() {
    String repo = registry.repo("push");
    Images.Image absent = Images.oci().build();
    Images.Image signature = Images.artifact("application/vnd.example.signature").subject(absent).build();

    Response r = oci.push(repo, signature.digest().value(), signature);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("OCI-Subject")).contains(absent.digest().value());
    assertThat(oci.getManifest(repo, absent.digest().value()).status()).isEqualTo(404);
  }

  @Test
  void manifestWithoutSubject_hasNoOciSubjectHeader() {
    String repo = registry.repo("push");

    Response r = oci.push(repo, "plain", Images.oci().build());

    assertThat(r.header("OCI-Subject")).isEmpty();
  }

  @Test
  void manifestOverFourMebibytes_is413() {
    String repo = registry.repo("push");
    Images.Image base = Images.oci().build();
    oci.pushContent(repo, base);
    ObjectNode big = Images.tree(base);
    big.putObject("annotations").put("padding", "x".repeat(4 * 1024 * 1024));

    Response r = oci.pushManifest(repo, "big", Images.OCI_MANIFEST, Images.write(big));

    assertOciError(r, 413, "MANIFEST_TOO_LARGE");
    assertThat(oci.getManifest(repo, "big").status()).isEqualTo(404);
  }

  @Test
  void manifestOverFourMebibytes_streamedWithoutLength_is413() {
    String repo = registry.repo("push");

    Response r = oci.call("PUT", "/v2/" + repo + "/manifests/big").header("Content-Type", Images.OCI_MANIFEST)
        .streamed(new byte[4 * 1024 * 1024 + 10]).send();

    assertOciError(r, 413, "MANIFEST_TOO_LARGE");
  }

  @Test
  void manifestOverFourMebibytes_withExpectContinue_is413BeforeTheBodyIsSent() {
    String repo = registry.repo("push");

    Response r = oci.call("PUT", "/v2/" + repo + "/manifests/big").header("Content-Type", Images.OCI_MANIFEST)
        .body(new byte[8 * 1024 * 1024]).expectContinue().send();

    assertOciError(r, 413, "MANIFEST_TOO_LARGE");
  }

  @Test
  void manifestOfExactlyFourMebibytes_isAccepted() {
    String repo = registry.repo("push");
    Images.Image base = Images.oci().build();
    oci.pushContent(repo, base);
    ObjectNode tree = Images.tree(base);
    tree.putObject("annotations").put("padding", "");
    int overhead = Images.write(tree).length;
    tree.putObject("annotations").put("padding", "x".repeat(4 * 1024 * 1024 - overhead));
    byte[] bytes = Images.write(tree);
    assertThat(bytes).hasSize(4 * 1024 * 1024);

    Response r = oci.pushManifest(repo, "edge", Images.OCI_MANIFEST, bytes);

    assertThat(r.status()).isEqualTo(201);
    assertThat(expect(oci.getManifest(repo, "edge"), 200).body()).isEqualTo(bytes);
  }

  @Test
  void mediaTypeDisagreeingWithContentType_is400ManifestInvalid() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    Response r = oci.pushManifest(repo, "x", Images.DOCKER_MANIFEST, image.bytes());

    assertOciError(r, 400, "MANIFEST_INVALID");
  }

  @Test
  void indexPushedAsImageManifest_is400ManifestInvalid() {
    String repo = registry.repo("push");
    Images.Image child = Images.oci().build();
    expect(oci.push(repo, child.digest().value(), child), 201);
    ObjectNode index = Images.tree(Images.index().add(child).build());
    index.remove("mediaType");

    Response r = oci.pushManifest(repo, "confused", Images.OCI_MANIFEST, Images.write(index));

    assertOciError(r, 400, "MANIFEST_INVALID");
  }

  @Test
  void imageManifestPushedAsIndex_is400ManifestInvalid() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().withoutMediaTypeMember().build();
    oci.pushContent(repo, image);

    Response r = oci.pushManifest(repo, "confused", Images.OCI_INDEX, image.bytes());

    assertOciError(r, 400, "MANIFEST_INVALID");
  }

  @Test
  void manifestMixingIndexAndImageMembers_is400ManifestInvalid() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);
    ObjectNode mixed = Images.tree(image);
    mixed.putArray("manifests").add(image.descriptor());

    Response r = oci.pushManifest(repo, "mixed", Images.OCI_MANIFEST, Images.write(mixed));

    assertOciError(r, 400, "MANIFEST_INVALID");
  }

  @Test
  void missingLayer_is400ManifestBlobUnknown() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().layers(2).build();
    oci.pushBlob(repo, image.config().bytes());
    oci.pushBlob(repo, image.layers().get(0).bytes());

    Response r = oci.pushManifest(repo, "v1", image.mediaType(), image.bytes());

    assertOciError(r, 400, "MANIFEST_BLOB_UNKNOWN");
    assertThat(r.text()).contains(image.layers().get(1).digest().value());
    assertThat(oci.getManifest(repo, "v1").status()).isEqualTo(404);
  }

  @Test
  void missingConfig_is400ManifestBlobUnknown() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    for (Images.Blob layer : image.layers()) {
      oci.pushBlob(repo, layer.bytes());
    }

    assertOciError(oci.pushManifest(repo, "v1", image.mediaType(), image.bytes()), 400, "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void layersHeldOnlyByAnotherRepository_is400ManifestBlobUnknown() {
    String holder = registry.repo("push");
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(holder, image);
    oci.pushBlob(repo, Images.randomBytes(1));

    assertOciError(oci.pushManifest(repo, "v1", image.mediaType(), image.bytes()), 400, "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void indexWithMissingChild_is400ManifestBlobUnknown() {
    String repo = registry.repo("push");
    Images.Image present = Images.oci().build();
    Images.Image absent = Images.oci().build();
    expect(oci.push(repo, present.digest().value(), present), 201);
    Images.Image index = Images.index().add(present).addUnpushed(absent).build();

    Response r = oci.pushManifest(repo, "multi", index.mediaType(), index.bytes());

    assertOciError(r, 400, "MANIFEST_BLOB_UNKNOWN");
    assertThat(r.text()).contains(absent.digest().value());
  }

  @Test
  void bodyThatIsNotJson_is400ManifestInvalid() {
    String repo = registry.repo("push");
    for (String body : new String[] {"", "not json", "[]", "null", "{", "{\"schemaVersion\":2}", "\"x\"", "42"}) {
      Response r = oci.pushManifest(repo, "bad", Images.OCI_MANIFEST, body.getBytes(StandardCharsets.UTF_8));
      assertOciError(r, 400, "MANIFEST_INVALID");
    }
  }

  @Test
  void binaryGarbage_is400ManifestInvalid() {
    String repo = registry.repo("push");

    Response r = oci.pushManifest(repo, "bad", Images.OCI_MANIFEST, Images.randomBytes(10_000));

    assertOciError(r, 400, "MANIFEST_INVALID");
  }

  @Test
  void schema1_is400ManifestInvalid() {
    String repo = registry.repo("push");
    byte[] schema1 = "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"y\",\"fsLayers\":[],\"history\":[]}"
        .getBytes(StandardCharsets.UTF_8);

    assertOciError(oci.pushManifest(repo, "old", "application/vnd.docker.distribution.manifest.v1+prettyjws",
        schema1), 400, "MANIFEST_INVALID");
    assertOciError(oci.pushManifest(repo, "old", "application/vnd.docker.distribution.manifest.v1+json", schema1),
        400, "MANIFEST_INVALID");
  }

  @Test
  void unknownContentTypeWithoutMediaTypeMember_is400ManifestInvalid() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().withoutMediaTypeMember().build();
    oci.pushContent(repo, image);

    assertOciError(oci.pushManifest(repo, "x", "text/plain", image.bytes()), 400, "MANIFEST_INVALID");
    assertOciError(oci.pushManifest(repo, "x", null, image.bytes()), 400, "MANIFEST_INVALID");
  }

  @Test
  void missingContentType_usesTheMediaTypeMember() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    Response r = oci.pushManifest(repo, "typed-by-body", null, image.bytes());

    assertThat(r.status()).isEqualTo(201);
    assertThat(oci.getManifest(repo, "typed-by-body").header("Content-Type")).contains(Images.OCI_MANIFEST);
  }

  @Test
  void contentTypeParameters_areIgnored() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    Response r = oci.pushManifest(repo, "v1", Images.OCI_MANIFEST + "; charset=utf-8", image.bytes());

    assertThat(r.status()).isEqualTo(201);
    assertThat(oci.getManifest(repo, "v1").header("Content-Type")).contains(Images.OCI_MANIFEST);
  }

  @Test
  void manifestWithoutMediaTypeMember_isServedWithThePushedContentType() {
    String repo = registry.repo("push");
    Images.Image image = Images.docker().withoutMediaTypeMember().build();
    oci.pushContent(repo, image);

    expect(oci.pushManifest(repo, "v1", Images.DOCKER_MANIFEST, image.bytes()), 201);

    assertThat(oci.getManifest(repo, "v1").header("Content-Type")).contains(Images.DOCKER_MANIFEST);
  }

  @Test
  void invalidTagInPath_is400TagInvalid() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    for (String tag : new String[] {"-leading-dash", ".dot", "x".repeat(129), "t%21", "a+b"}) {
      assertOciError(oci.pushManifest(repo, tag, image.mediaType(), image.bytes()), 400, "TAG_INVALID");
    }
  }

  @Test
  void longestValidTag_isAccepted() {
    String repo = registry.repo("push");
    String tag = "_" + "a".repeat(127);

    Response r = oci.push(repo, tag, Images.oci().build());

    assertThat(r.status()).isEqualTo(201);
    assertThat(oci.getManifest(repo, tag).status()).isEqualTo(200);
  }

  @Test
  void failedPush_leavesThePreviousTagTarget() {
    String repo = registry.repo("push");
    Images.Image good = Images.oci().build();
    expect(oci.push(repo, "stable", good), 201);
    Images.Image broken = Images.oci().build(); // its blobs are never pushed

    assertThat(oci.pushManifest(repo, "stable", broken.mediaType(), broken.bytes()).status()).isEqualTo(400);

    assertThat(expect(oci.getManifest(repo, "stable"), 200).body()).isEqualTo(good.bytes());
  }

  @Test
  void pushedBytesWithOddFormatting_areKeptExactly() {
    String repo = registry.repo("push");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);
    String text = image.text();
    String odd = "\n  " + text.replace(",\"", " ,\r\n\t\"").replace("\":", "\"  :  ") + "   \n";
    byte[] bytes = odd.getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(bytes);

    Response r = oci.pushManifest(repo, digest.value(), Images.OCI_MANIFEST, bytes);

    assertThat(r.status()).isEqualTo(201);
    assertThat(Arrays.equals(expect(oci.getManifest(repo, digest.value()), 200).body(), bytes)).isTrue();
  }
}
