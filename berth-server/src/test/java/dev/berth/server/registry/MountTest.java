package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static dev.berth.server.testing.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cross-repository blob mount (end-11), with and without {@code from}. */
class MountTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  private Response mount(String target, Digest digest, String from) {
    String path = "/v2/" + target + "/blobs/uploads/?mount=" + digest.value();
    return oci.post(from == null ? path : path + "&from=" + from, new byte[0]);
  }

  @Test
  void mount_withFrom_is201AndBlobBecomesVisible() {
    String source = registry.repo("mount");
    String target = registry.repo("mount");
    byte[] bytes = Images.randomBytes(1000);
    Digest digest = oci.pushBlob(source, bytes);

    Response r = mount(target, digest, source);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).contains("/v2/" + target + "/blobs/" + digest.value());
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
    assertThat(expect(oci.getBlob(target, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void mount_withoutFrom_discoversTheBlob_and201() {
    String source = registry.repo("mount");
    String target = registry.repo("mount");
    byte[] bytes = Images.randomBytes(1000);
    Digest digest = oci.pushBlob(source, bytes);

    Response r = mount(target, digest, null);

    assertThat(r.status()).isEqualTo(201);
    assertThat(expect(oci.getBlob(target, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void mount_fromARepositoryWithoutTheBlob_stillFindsItElsewhere() {
    String holder = registry.repo("mount");
    String wrongSource = registry.repo("mount");
    String target = registry.repo("mount");
    oci.pushBlob(wrongSource, Images.randomBytes(3));
    Digest digest = oci.pushBlob(holder, Images.randomBytes(100));

    assertThat(mount(target, digest, wrongSource).status()).isEqualTo(201);
  }

  @Test
  void mount_ofMissingBlob_is202WithAUsableSession() {
    String target = registry.repo("mount");
    byte[] bytes = Images.randomBytes(500);
    Digest digest = Digest.sha256(bytes);

    Response r = mount(target, digest, registry.repo("mount"));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Range")).contains("0-0");
    String location = OciClient.pathOf(r.location(oci.base()));
    assertThat(location).contains("/v2/" + target + "/blobs/uploads/");
    expect(oci.patch(location, bytes), 202);
    expect(oci.put(withQuery(location, "digest", digest.value()), new byte[0]), 201);
    assertThat(expect(oci.getBlob(target, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void mount_ofBlobDeletedFromSource_is202() {
    String source = registry.repo("mount");
    Digest digest = oci.pushBlob(source, Images.randomBytes(100));
    expect(oci.delete("/v2/" + source + "/blobs/" + digest.value()), 202);

    assertThat(mount(registry.repo("mount"), digest, source).status()).isEqualTo(202);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256:abc", "nonsense", "md5:d41d8cd98f00b204e9800998ecf8427e", "sha256:"})
  void mount_withBadDigest_is400DigestInvalid(String digest) {
    Response r = oci.post("/v2/" + registry.repo("mount") + "/blobs/uploads/?mount=" + digest + "&from="
        + registry.repo("mount"), new byte[0]);

    assertOciError(r, 400, "DIGEST_INVALID");
  }

  @Test
  void mount_withInvalidFromName_fallsBackToDiscovery() {
    String source = registry.repo("mount");
    Digest digest = oci.pushBlob(source, Images.randomBytes(10));

    assertThat(mount(registry.repo("mount"), digest, "Not..A..Name").status()).isEqualTo(201);
  }

  @Test
  void mount_ofSha512Blob_is201() {
    String source = registry.repo("mount");
    String target = registry.repo("mount");
    byte[] bytes = Images.randomBytes(256);
    Digest digest = oci.pushBlob(source, bytes, DigestAlgorithm.SHA512);

    assertThat(mount(target, digest, source).status()).isEqualTo(201);
    assertThat(expect(oci.getBlob(target, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void mountedBlob_canBeReferencedByAManifestInTheTarget() {
    String source = registry.repo("mount");
    String target = registry.repo("mount");
    Images.Image image = Images.oci().layers(2).build();
    expect(oci.push(source, "v1", image), 201);

    for (Images.Blob blob : image.blobs()) {
      assertThat(mount(target, blob.digest(), source).status()).isEqualTo(201);
    }

    assertThat(oci.pushManifest(target, "v1", image.mediaType(), image.bytes()).status()).isEqualTo(201);
  }

  @Test
  void mount_isIdempotent() {
    String source = registry.repo("mount");
    String target = registry.repo("mount");
    Digest digest = oci.pushBlob(source, Images.randomBytes(10));

    assertThat(mount(target, digest, source).status()).isEqualTo(201);
    assertThat(mount(target, digest, source).status()).isEqualTo(201);
    assertThat(mount(source, digest, source).status()).isEqualTo(201);
  }
}
