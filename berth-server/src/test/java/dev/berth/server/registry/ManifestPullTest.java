package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertHeadStatus;
import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Manifest GET and HEAD (end-3): exact bytes, the pushed media type, digests and lengths. */
class ManifestPullTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  /** A valid manifest written the way no serializer would: keys reordered, odd spacing, escapes, CRLF. */
  private byte[] handWritten(String repo, String mediaType, String configType) {
    Images.Blob config = Images.blob(configType, ("{\"os\":\"linux\",\"n\":\"" + Images.randomHex(8) + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    Images.Blob layer = Images.blob(Images.OCI_LAYER, Images.randomBytes(100));
    oci.pushBlob(repo, config.bytes());
    oci.pushBlob(repo, layer.bytes());
    String text = "\r\n{ \"layers\" :[ {\"size\":" + layer.size() + " ,\"digest\":\"" + layer.digest()
        + "\",\t\"mediaType\":\"" + layer.mediaType() + "\"}],\n\n"
        + "  \"annotations\": {\"z\":\"\\u00e9t\\u00e9 \u2603\", \"a\": \"\\\"quoted\\\"\"},\n"
        + "\"config\":{\"mediaType\":\"" + configType + "\",\"size\":" + config.size() + ",\"digest\":\""
        + config.digest() + "\"},\"mediaType\":\"" + mediaType + "\",\n\"schemaVersion\":   2 }\r\n\t ";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void get_byDigest_returnsTheExactBytesWithOddWhitespaceAndKeyOrder() {
    String repo = registry.repo("pull");
    byte[] bytes = handWritten(repo, Images.OCI_MANIFEST, Images.OCI_CONFIG);
    Digest digest = Digest.sha256(bytes);
    expect(oci.pushManifest(repo, "odd", Images.OCI_MANIFEST, bytes), 201);

    Response r = oci.getManifest(repo, digest.value());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(Digest.sha256(r.body())).isEqualTo(digest);
    assertThat(r.header("Content-Type")).contains(Images.OCI_MANIFEST);
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
    assertThat(r.header("Content-Length")).contains(String.valueOf(bytes.length));
  }

  @Test
  void get_withIfNoneMatchOfItsDigest_is304WithoutABody_andAnotherTagIs200() {
    String repo = registry.repo("pull");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);
    String etag = "\"" + image.digest().value() + "\"";

    for (String ifNoneMatch : new String[] {etag, "\"sha256:other\", " + etag, "W/" + etag, "*"}) {
      Response cached = oci.get("/v2/" + repo + "/manifests/v1", "If-None-Match", ifNoneMatch);
      assertThat(cached.status()).as(ifNoneMatch).isEqualTo(304);
      assertThat(cached.body()).isEmpty();
      assertThat(cached.header("ETag")).contains(etag);
      assertThat(cached.header("Docker-Content-Digest")).contains(image.digest().value());
    }
    Response stale = oci.get("/v2/" + repo + "/manifests/v1", "If-None-Match", "\"sha256:" + "0".repeat(64) + "\"");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(image.bytes());
  }

  @Test
  void get_byTag_returnsTheExactBytesOfADockerManifest() {
    String repo = registry.repo("pull");
    byte[] bytes = handWritten(repo, Images.DOCKER_MANIFEST, Images.DOCKER_CONFIG);
    expect(oci.pushManifest(repo, "docker", Images.DOCKER_MANIFEST, bytes), 201);

    Response r = oci.getManifest(repo, "docker");

    assertThat(r.body()).isEqualTo(bytes);
    assertThat(r.header("Content-Type")).contains(Images.DOCKER_MANIFEST);
    assertThat(r.header("Docker-Content-Digest")).contains(Digest.sha256(bytes).value());
  }

  @Test
  void get_returnsTheMediaTypeOfEachKindAsPushed() {
    String repo = registry.repo("pull");
    Images.Image oci1 = Images.oci().build();
    Images.Image docker = Images.docker().build();
    Images.Image index = Images.index().add(Images.oci().build(), "linux", "amd64").build();
    Images.Image list = Images.dockerList().add(Images.docker().build(), "linux", "amd64").build();
    Images.Image artifact = Images.artifact("application/vnd.example.thing").build();

    for (Images.Image image : new Images.Image[] {oci1, docker, index, list, artifact}) {
      expect(oci.push(repo, image.digest().value(), image), 201);
      Response r = expect(oci.getManifest(repo, image.digest().value()), 200);
      assertThat(r.header("Content-Type")).as(image.mediaType()).contains(image.mediaType());
      assertThat(r.body()).isEqualTo(image.bytes());
    }
  }

  @Test
  void head_hasDigestAndLengthButNoBody() {
    String repo = registry.repo("pull");
    Images.Image image = Images.oci().layers(2).build();
    expect(oci.push(repo, "v1", image), 201);

    for (String ref : new String[] {"v1", image.digest().value()}) {
      Response r = oci.headManifest(repo, ref);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.header("Docker-Content-Digest")).contains(image.digest().value());
      assertThat(r.header("Content-Length")).contains(String.valueOf(image.size()));
      assertThat(r.header("Content-Type")).contains(Images.OCI_MANIFEST);
    }
  }

  @Test
  void unknownTag_is404ManifestUnknown_onGetAndHead() {
    String repo = registry.repo("pull");
    expect(oci.push(repo, "exists", Images.oci().build()), 201);

    assertOciError(oci.getManifest(repo, "missing"), 404, "MANIFEST_UNKNOWN");
    assertHeadStatus(oci.headManifest(repo, "missing"), 404);
  }

  @Test
  void unknownDigest_is404ManifestUnknown() {
    String repo = registry.repo("pull");
    expect(oci.push(repo, "exists", Images.oci().build()), 201);

    assertOciError(oci.getManifest(repo, Digest.sha256(Images.randomBytes(8)).value()), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void unknownRepository_is404() {
    Response r = oci.getManifest(registry.repo("never"), "latest");

    assertOciError(r, 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void manifestOfAnotherRepository_isNotVisible() {
    String a = registry.repo("pull");
    String b = registry.repo("pull");
    Images.Image image = Images.oci().build();
    expect(oci.push(a, "v1", image), 201);
    expect(oci.push(b, "v1", Images.oci().build()), 201);

    assertOciError(oci.getManifest(b, image.digest().value()), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void blobDigest_isNotAManifest() {
    String repo = registry.repo("pull");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);

    assertOciError(oci.getManifest(repo, image.config().digest().value()), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void invalidReference_is400() {
    String repo = registry.repo("pull");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    assertOciError(oci.getManifest(repo, "sha256:1234"), 400, "DIGEST_INVALID");
    assertOciError(oci.getManifest(repo, "-nope"), 400, "TAG_INVALID");
    assertOciError(oci.getManifest(repo, "x".repeat(200)), 400, "TAG_INVALID");
  }

  @Test
  void tagsAreCaseSensitive() {
    String repo = registry.repo("pull");
    Images.Image lower = Images.oci().build();
    Images.Image upper = Images.oci().build();
    expect(oci.push(repo, "latest", lower), 201);
    expect(oci.push(repo, "LATEST", upper), 201);

    assertThat(oci.getManifest(repo, "latest").body()).isEqualTo(lower.bytes());
    assertThat(oci.getManifest(repo, "LATEST").body()).isEqualTo(upper.bytes());
  }

  @Test
  void get_withoutAcceptHeader_stillReturnsTheStoredManifest() {
    String repo = registry.repo("pull");
    Images.Image image = Images.docker().build();
    expect(oci.push(repo, "v1", image), 201);

    Response r = oci.get("/v2/" + repo + "/manifests/v1");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(image.bytes());
    assertThat(r.header("Content-Type")).contains(Images.DOCKER_MANIFEST);
  }

  @Test
  void pullAfterTagMove_isNeverStale() {
    String repo = registry.repo("pull");
    for (int i = 0; i < 5; i++) {
      Images.Image image = Images.oci().build();
      expect(oci.push(repo, "rolling", image), 201);
      Response r = expect(oci.getManifest(repo, "rolling"), 200);
      assertThat(r.header("Docker-Content-Digest")).as("round %d", i).contains(image.digest().value());
      assertThat(oci.headManifest(repo, "rolling").header("Docker-Content-Digest")).contains(image.digest().value());
    }
  }
}
