package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static dev.berth.server.testing.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chunked and streamed uploads (end-5), with the 416 answers for chunks out of order. */
class ChunkedUploadTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  private Response patchRange(String location, byte[] whole, int from, int to) {
    return oci.patch(location, Arrays.copyOfRange(whole, from, to),
        "Content-Type", "application/octet-stream", "Content-Range", from + "-" + (to - 1));
  }

  @Test
  void patch_severalChunksWithContentRange_reportProgressThenPutCompletes() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(100_000);
    Digest digest = Digest.sha256(bytes);
    String location = oci.openUpload(repo);
    int[] cuts = {0, 1, 4096, 50_000, 99_999, 100_000};

    for (int i = 0; i + 1 < cuts.length; i++) {
      Response r = patchRange(location, bytes, cuts[i], cuts[i + 1]);
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.header("Range")).contains("0-" + (cuts[i + 1] - 1));
      assertThat(r.header("Location")).isPresent();
      assertThat(r.header("Docker-Upload-UUID")).isPresent();
      location = OciClient.pathOf(r.location(oci.base()));
    }
    Response done = oci.put(withQuery(location, "digest", digest.value()), new byte[0]);

    assertThat(done.status()).isEqualTo(201);
    assertThat(done.header("Docker-Content-Digest")).contains(digest.value());
    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void patch_chunkWithGap_is416WithRangeAndLocation_andUploadContinues() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(3000);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 1000), 202);

    Response r = patchRange(location, bytes, 2000, 3000);

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-999");
    assertThat(r.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(location));
    assertThat(r.header("Docker-Upload-UUID")).hasValueSatisfying(id -> assertThat(location).endsWith(id));
    expect(patchRange(location, bytes, 1000, 2000), 202);
    expect(patchRange(location, bytes, 2000, 3000), 202);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
    assertThat(expect(oci.getBlob(repo, Digest.sha256(bytes)), 200).body()).isEqualTo(bytes);
  }

  @Test
  void patch_repeatedChunk_is416WithRange_andDoesNotDuplicateBytes() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(2000);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 1000), 202);

    Response r = patchRange(location, bytes, 0, 1000);

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-999");
    assertThat(r.header("Location")).isPresent();
    assertThat(oci.get(location).header("Range")).contains("0-999");
    expect(patchRange(location, bytes, 1000, 2000), 202);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
  }

  @Test
  void put_withAGappedLastChunk_is416WithWhereToContinue_andAPatchToAnUnknownUploadNamesNoSession() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(2000);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 1000), 202);

    Response r = oci.call("PUT", withQuery(location, "digest", Digest.sha256(bytes).value()))
        .header("Content-Range", "1500-1999").body(java.util.Arrays.copyOfRange(bytes, 1500, 2000)).send();
    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-999");
    assertThat(r.header("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(location));
    assertThat(r.header("Docker-Upload-UUID")).isPresent();

    String gone = location.substring(0, location.lastIndexOf('/') + 1) + java.util.UUID.randomUUID();
    Response unknown = patchRange(gone, bytes, 0, 1000);
    assertOciError(unknown, 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(unknown.header("Location")).isEmpty();
  }

  @Test
  void patch_overlappingChunk_is416() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(2000);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 1000), 202);

    assertOciError(patchRange(location, bytes, 500, 1500), 416, "RANGE_INVALID");
  }

  @Test
  void patch_firstChunkNotAtZero_is416WithRangeZero() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(100);
    String location = oci.openUpload(repo);

    Response r = patchRange(location, bytes, 10, 100);

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-0");
  }

  @Test
  void patch_contentRangeDisagreeingWithContentLength_is416() {
    String repo = registry.repo("chunked");
    String location = oci.openUpload(repo);

    Response r = oci.patch(location, Images.randomBytes(100), "Content-Range", "0-49");

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(oci.get(location).header("Range")).contains("0-0");
  }

  // Regression: with a chunked body (no Content-Length) the Content-Range length went unchecked, so a chunk
  // declared as 0-9 appended all 100 bytes it carried.
  @Test
  void streamedChunkLongerThanItsContentRange_is416AndAppendsNothing() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(100);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 10), 202);

    Response r = oci.call("PATCH", location).header("Content-Range", "10-19").streamed(Arrays.copyOfRange(bytes, 10,
        100)).send();

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-9");
    assertThat(oci.get(location).header("Range")).contains("0-9");
    expect(patchRange(location, bytes, 10, 100), 202);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
  }

  @Test
  void streamedChunkShorterThanItsContentRange_is416AndAppendsNothing() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(100);
    String location = oci.openUpload(repo);

    Response r = oci.call("PATCH", location).header("Content-Range", "0-99").streamed(Arrays.copyOfRange(bytes, 0,
        40)).send();

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(oci.get(location).header("Range")).contains("0-0");
    expect(patchRange(location, bytes, 0, 100), 202);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
  }

  @Test
  void streamedLastChunkOnPutDisagreeingWithItsContentRange_is416() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(100);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 50), 202);

    Response r = oci.call("PUT", withQuery(location, "digest", Digest.sha256(bytes).value()))
        .header("Content-Range", "50-59").streamed(Arrays.copyOfRange(bytes, 50, 100)).send();

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(oci.get(location).header("Range")).contains("0-49");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes 0-99/100", "bytes=0-99", "0-99/*"})
  void patch_acceptsTheContentRangeSpellingsClientsUse(String contentRange) {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(100);
    String location = oci.openUpload(repo);

    Response r = oci.patch(location, bytes, "Content-Range", contentRange);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Range")).contains("0-99");
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "5-1", "-5", "0-", "a-b", "0-99999999999999999999", "bytes */100", "0 - 9",
      "1-2-3"})
  void patch_garbageContentRange_is416AndLosesNothing(String contentRange) {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(20);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 10), 202);

    Response r = oci.patch(location, Arrays.copyOfRange(bytes, 10, 20), "Content-Range", contentRange);

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-9");
    expect(patchRange(location, bytes, 10, 20), 202);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
  }

  @Test
  void streamedPatch_withoutContentRangeOrLength_appends() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(300_000);
    Digest digest = Digest.sha256(bytes);
    String location = oci.openUpload(repo);

    Response first = oci.call("PATCH", location).streamed(Arrays.copyOfRange(bytes, 0, 123_456))
        .header("Content-Type", "application/octet-stream").send();
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.header("Range")).contains("0-123455");
    Response second = oci.call("PATCH", OciClient.pathOf(first.location(oci.base())))
        .streamed(Arrays.copyOfRange(bytes, 123_456, bytes.length)).send();
    assertThat(second.status()).isEqualTo(202);
    assertThat(second.header("Range")).contains("0-299999");
    expect(oci.put(withQuery(OciClient.pathOf(second.location(oci.base())), "digest", digest.value()),
        new byte[0]), 201);

    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void streamedPatch_withContentLengthButNoContentRange_appends() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(5000);
    String location = oci.openUpload(repo);

    expect(oci.patch(location, Arrays.copyOfRange(bytes, 0, 2500)), 202);
    Response r = oci.patch(location, Arrays.copyOfRange(bytes, 2500, 5000));

    assertThat(r.header("Range")).contains("0-4999");
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
  }

  @Test
  void put_carryingTheLastChunkWithContentRange_completes() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(9000);
    Digest digest = Digest.sha256(bytes);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 6000), 202);

    Response r = oci.put(withQuery(location, "digest", digest.value()), Arrays.copyOfRange(bytes, 6000, 9000),
        "Content-Type", "application/octet-stream", "Content-Range", "6000-8999");

    assertThat(r.status()).isEqualTo(201);
    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void put_carryingTheLastChunkWithoutContentRange_completes() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(9000);
    Digest digest = Digest.sha256(bytes);
    String location = oci.openUpload(repo);
    expect(oci.patch(location, Arrays.copyOfRange(bytes, 0, 4000)), 202);

    expect(oci.put(withQuery(location, "digest", digest.value()), Arrays.copyOfRange(bytes, 4000, 9000)), 201);

    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void put_withOutOfOrderLastChunk_is416_andSessionSurvives() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(3000);
    Digest digest = Digest.sha256(bytes);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 1000), 202);

    Response r = oci.put(withQuery(location, "digest", digest.value()), Arrays.copyOfRange(bytes, 2000, 3000),
        "Content-Range", "2000-2999");

    assertOciError(r, 416, "RANGE_INVALID");
    assertThat(r.header("Range")).contains("0-999");
    expect(patchRange(location, bytes, 1000, 2000), 202);
    expect(oci.put(withQuery(location, "digest", digest.value()), Arrays.copyOfRange(bytes, 2000, 3000),
        "Content-Range", "2000-2999"), 201);
  }

  @Test
  void put_withWrongDigestAfterChunks_isDigestInvalid_andTheUploadHasFailed() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(1000);
    String location = oci.openUpload(repo);
    expect(patchRange(location, bytes, 0, 1000), 202);

    assertOciError(oci.put(withQuery(location, "digest", Digest.sha256(new byte[] {1}).value()), new byte[0]),
        400, "DIGEST_INVALID");

    // "After receiving a 4xx response (except 416) the upload will be considered failed": the session is gone,
    // as in Distribution, and the client starts over.
    assertOciError(oci.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertOciError(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 404,
        "BLOB_UPLOAD_UNKNOWN");
    assertThat(oci.headBlob(repo, Digest.sha256(bytes)).status()).isEqualTo(404);
  }

  @Test
  void put_withABodyAndTheWrongDigest_keepsNothing_soARetriedPutCannotAppendTheBodyTwice() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(12);
    String location = oci.openUpload(repo);

    assertOciError(oci.put(withQuery(location, "digest", Digest.sha256(new byte[] {2}).value()), bytes), 400,
        "DIGEST_INVALID");
    assertOciError(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), bytes), 404,
        "BLOB_UPLOAD_UNKNOWN");

    String fresh = oci.openUpload(repo);
    expect(oci.put(withQuery(fresh, "digest", Digest.sha256(bytes).value()), bytes), 201);
  }

  @Test
  void statusAfterEachChunk_tracksTheBytesReceived() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(30);
    String location = oci.openUpload(repo);

    assertThat(oci.get(location).header("Range")).contains("0-0");
    expect(patchRange(location, bytes, 0, 1), 202);
    assertThat(oci.get(location).header("Range")).contains("0-0");
    expect(patchRange(location, bytes, 1, 30), 202);
    Response r = oci.get(location);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Range")).contains("0-29");
    assertThat(r.header("Docker-Upload-UUID")).isPresent();
  }

  @Test
  void chunkedUpload_helper_pushesManyTinyChunks() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(1000);

    Digest digest = oci.pushBlobChunked(repo, bytes, 37);

    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void emptyPatch_isAcceptedAndChangesNothing() {
    String repo = registry.repo("chunked");
    byte[] bytes = Images.randomBytes(10);
    String location = oci.openUpload(repo);
    expect(oci.patch(location, bytes), 202);

    Response r = oci.patch(location, new byte[0]);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Range")).contains("0-9");
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
  }
}
