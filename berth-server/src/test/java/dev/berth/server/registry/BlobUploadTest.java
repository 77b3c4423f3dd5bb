package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertHeadStatus;
import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static dev.berth.server.testing.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.MetadataDb;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blob uploads without chunks: end-4a (POST), end-4b (monolithic POST), end-4c ({@code digest-algorithm}),
 * end-6 (PUT), end-13 (status) and end-14 (cancel).
 */
class BlobUploadTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void post_opensSession_with202LocationRangeAndUploadUuid() {
    String repo = registry.repo("upload");

    Response r = oci.startUpload(repo);

    assertThat(r.status()).isEqualTo(202);
    String location = r.header("Location").orElseThrow();
    assertThat(location).startsWith("/v2/" + repo + "/blobs/uploads/");
    String id = location.substring(location.lastIndexOf('/') + 1);
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    assertThat(r.header("Docker-Upload-UUID")).contains(id);
    assertThat(r.header("Range")).contains("0-0");
    assertThat(r.header("Content-Length")).contains("0");
  }

  @Test
  void monolithicPost_withDigestAndBody_is201AndBlobIsPullable() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(3000);
    Digest digest = Digest.sha256(bytes);

    Response r = oci.pushBlobMonolithic(repo, bytes, digest);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).contains("/v2/" + repo + "/blobs/" + digest.value());
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
    Response pulled = expect(oci.getBlob(repo, digest), 200);
    assertThat(pulled.body()).isEqualTo(bytes);
  }

  @Test
  void monolithicPost_withWrongDigest_isDigestInvalidAndNothingIsStored() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(100);
    Digest claimed = Digest.sha256(Images.randomBytes(100));

    assertOciError(oci.pushBlobMonolithic(repo, bytes, claimed), 400, "DIGEST_INVALID");

    assertOciError(oci.getBlob(repo, claimed), 404, "BLOB_UNKNOWN");
    assertOciError(oci.getBlob(repo, Digest.sha256(bytes)), 404, "BLOB_UNKNOWN");
  }

  // Regression: a refused monolithic upload left its session row and its bytes behind, unreachable by anyone.
  @Test
  void monolithicPost_withWrongDigest_leavesNoSessionAndNoUploadFile() throws Exception {
    String repo = registry.repo("upload");
    oci.pushBlob(repo, Images.randomBytes(10)); // the repository exists before the refused push
    long filesBefore = uploadFiles();

    assertOciError(oci.pushBlobMonolithic(repo, Images.randomBytes(5000), Digest.sha256(Images.randomBytes(1))),
        400, "DIGEST_INVALID");

    assertThat(MetadataDb.number(registry.registry().dataDir(),
        "SELECT COUNT(*) FROM upload u JOIN repository r ON r.id = u.repository_id WHERE r.name = ?", repo))
        .isZero();
    assertThat(uploadFiles()).isEqualTo(filesBefore);
  }

  private static long uploadFiles() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(registry.registry().dataDir().resolve("storage/uploads"))) {
      return files.count();
    }
  }

  @Test
  void monolithicPost_withMalformedDigest_isDigestInvalid() {
    String repo = registry.repo("upload");

    Response r = oci.post("/v2/" + repo + "/blobs/uploads/?digest=sha256:xyz", new byte[] {1, 2, 3});

    assertOciError(r, 400, "DIGEST_INVALID");
  }

  @Test
  void monolithicPost_withExpectContinue_storesTheBody() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(1 << 20);
    Digest digest = Digest.sha256(bytes);

    Response r = oci.call("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + digest).body(bytes).expectContinue()
        .send();

    assertThat(r.status()).isEqualTo(201);
    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void refusedUpload_withExpectContinue_isAnsweredWithoutTheBody() {
    byte[] bytes = Images.randomBytes(1 << 20);

    Response r = oci.call("POST", "/v2/Invalid/blobs/uploads/?digest=" + Digest.sha256(bytes)).body(bytes)
        .expectContinue().send();

    assertOciError(r, 400, "NAME_INVALID");
  }

  @Test
  void postThenPut_withWholeBody_is201() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(10_000);
    Digest digest = Digest.sha256(bytes);
    String location = oci.openUpload(repo);

    Response r = oci.put(withQuery(location, "digest", digest.value()), bytes,
        "Content-Type", "application/octet-stream");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).contains("/v2/" + repo + "/blobs/" + digest.value());
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void emptyBlob_monolithic_is201AndPullsEmpty() {
    String repo = registry.repo("upload");
    Digest empty = Digest.sha256(new byte[0]);
    assertThat(empty.value()).isEqualTo(EMPTY_SHA256);

    expect(oci.pushBlobMonolithic(repo, new byte[0], empty), 201);

    Response r = expect(oci.getBlob(repo, empty), 200);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Content-Length")).contains("0");
    assertThat(r.header("Docker-Content-Digest")).contains(EMPTY_SHA256);
  }

  @Test
  void emptyBlob_postThenPutWithNoBody_is201() {
    String repo = registry.repo("upload");
    String location = oci.openUpload(repo);

    Response r = oci.call("PUT", withQuery(location, "digest", EMPTY_SHA256)).send();

    assertThat(r.status()).isEqualTo(201);
    assertThat(expect(oci.headBlob(repo, Digest.parse(EMPTY_SHA256)), 200).header("Content-Length")).contains("0");
  }

  @Test
  void put_withWrongDigest_isDigestInvalid_andBlobIsNotCreated() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(200);
    Digest wrong = Digest.sha256(Images.randomBytes(200));
    String location = oci.openUpload(repo);

    assertOciError(oci.put(withQuery(location, "digest", wrong.value()), bytes), 400, "DIGEST_INVALID");

    assertHeadStatus(oci.headBlob(repo, wrong), 404);
    assertThat(oci.headBlob(repo, Digest.sha256(bytes)).status()).isEqualTo(404);
  }

  @Test
  void put_withoutDigest_is400DigestInvalid() {
    String repo = registry.repo("upload");
    String location = oci.openUpload(repo);

    assertOciError(oci.put(location, Images.randomBytes(10)), 400, "DIGEST_INVALID");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha256:abc", "sha256", "md5:d41d8cd98f00b204e9800998ecf8427e", "SHA256:00", ":"})
  void put_withMalformedOrUnsupportedDigest_is400DigestInvalid(String digest) {
    String repo = registry.repo("upload");
    String location = oci.openUpload(repo);

    assertOciError(oci.put(withQuery(location, "digest", digest), new byte[] {1}), 400, "DIGEST_INVALID");
  }

  @Test
  void status_isNoContentWithRangeAndLocation() {
    String repo = registry.repo("upload");
    String location = oci.openUpload(repo);
    expect(oci.patch(location, Images.randomBytes(1234)), 202);

    Response r = oci.get(location);

    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Range")).contains("0-1233");
    assertThat(r.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(location));
    assertThat(r.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PATCH", "PUT", "DELETE"})
  void unknownUploadId_is404BlobUploadUnknown(String method) {
    String repo = registry.repo("upload");
    oci.openUpload(repo); // the repository exists; the session does not
    String target = "/v2/" + repo + "/blobs/uploads/" + UUID.randomUUID();
    if (method.equals("PUT")) {
      target = withQuery(target, "digest", EMPTY_SHA256);
    }

    Response r = oci.call(method, target).body(method.equals("GET") || method.equals("DELETE") ? null : new byte[0])
        .send();

    assertOciError(r, 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-00000000000G", "ABCDEF00-0000-0000-0000-000000000000",
      "x", "0000000000000000000000000000000000000000000000000000000000000000000000000000"})
  void malformedUploadId_is404BlobUploadUnknown(String id) {
    String repo = registry.repo("upload");
    oci.openUpload(repo);

    assertOciError(oci.get("/v2/" + repo + "/blobs/uploads/" + id), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.patch("/v2/" + repo + "/blobs/uploads/" + id, new byte[] {1}), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void uploadId_underAnotherRepository_is404_andSessionStaysUsable() {
    String owner = registry.repo("upload");
    String other = registry.repo("upload");
    oci.openUpload(other);
    String location = oci.openUpload(owner);
    String id = location.substring(location.lastIndexOf('/') + 1);
    String foreign = "/v2/" + other + "/blobs/uploads/" + id;
    byte[] bytes = Images.randomBytes(50);
    Digest digest = Digest.sha256(bytes);

    assertOciError(oci.get(foreign), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.patch(foreign, bytes), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.put(withQuery(foreign, "digest", digest.value()), bytes), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.delete(foreign), 404, "BLOB_UPLOAD_UNKNOWN");

    expect(oci.put(withQuery(location, "digest", digest.value()), bytes), 201);
    assertThat(oci.headBlob(owner, digest).status()).isEqualTo(200);
    assertThat(oci.headBlob(other, digest).status()).isEqualTo(404);
  }

  @Test
  void delete_cancelsSession_with204_thenSessionIs404() {
    String repo = registry.repo("upload");
    String location = oci.openUpload(repo);
    expect(oci.patch(location, Images.randomBytes(100)), 202);

    Response r = oci.delete(location);

    assertThat(r.status()).isEqualTo(204);
    assertOciError(oci.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.patch(location, new byte[] {1}), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void completedSession_isGone() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(10);
    String location = oci.openUpload(repo);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), bytes), 201);

    assertOciError(oci.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), bytes), 404,
        "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void digestAlgorithmSha512_opensSessionThatCompletesWithSha512Digest() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(4096);
    Digest digest = Digest.compute(DigestAlgorithm.SHA512, bytes);

    Response opened = oci.post("/v2/" + repo + "/blobs/uploads/?digest-algorithm=sha512", new byte[0]);
    assertThat(opened.status()).isEqualTo(202);
    String location = OciClient.pathOf(opened.location(oci.base()));
    expect(oci.patch(location, bytes, "Content-Range", "0-4095"), 202);
    Response done = oci.put(withQuery(location, "digest", digest.value()), new byte[0]);

    assertThat(done.status()).isEqualTo(201);
    assertThat(done.header("Docker-Content-Digest")).contains(digest.value());
    Response pulled = expect(oci.getBlob(repo, digest), 200);
    assertThat(pulled.body()).isEqualTo(bytes);
    assertThat(pulled.header("Docker-Content-Digest")).contains(digest.value());
  }

  @ParameterizedTest
  @ValueSource(strings = {"md5", "sha1", "blake3", "SHA512", "", "sha256+x"})
  void digestAlgorithm_unsupported_is400(String algorithm) {
    String repo = registry.repo("upload");

    Response r = oci.post("/v2/" + repo + "/blobs/uploads/?digest-algorithm=" + algorithm, new byte[0]);

    assertOciError(r, 400, "DIGEST_INVALID");
  }

  @Test
  void sha512Blob_monolithic_pushesAndPulls() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(777);
    Digest digest = Digest.compute(DigestAlgorithm.SHA512, bytes);

    Response r = oci.pushBlobMonolithic(repo, bytes, digest);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
    Response head = expect(oci.headBlob(repo, digest), 200);
    assertThat(head.header("Content-Length")).contains("777");
    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void sha512Digest_onDefaultSession_isVerifiedWithSha512() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(333);

    Digest digest = oci.pushBlob(repo, bytes, DigestAlgorithm.SHA512);

    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
    assertThat(oci.headBlob(repo, Digest.sha256(bytes)).status())
        .as("the sha256 name of the content was never pushed").isEqualTo(404);
  }

  @Test
  void sameBlobPushedTwice_isIdempotent() {
    String repo = registry.repo("upload");
    byte[] bytes = Images.randomBytes(64);

    Digest first = oci.pushBlob(repo, bytes);
    Response again = oci.pushBlobMonolithic(repo, bytes, first);

    assertThat(again.status()).isEqualTo(201);
    assertThat(expect(oci.getBlob(repo, first), 200).body()).isEqualTo(bytes);
  }

  @Test
  void post_createsRepositoryOnFirstPush() {
    String repo = registry.repo("upload");
    assertOciError(oci.get("/v2/" + repo + "/tags/list"), 404, "NAME_UNKNOWN");

    oci.pushBlob(repo, Images.randomBytes(8));

    assertThat(expect(oci.get("/v2/" + repo + "/tags/list"), 200).json().path("tags").size()).isZero();
  }
}
