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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blob GET and HEAD (end-2) with ranges, deduplication, per-repository visibility, and blob DELETE (end-10). */
class BlobPullTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  @Test
  void get_returnsBytesWithLengthDigestAndType() {
    String repo = registry.repo("pull");
    byte[] bytes = Images.randomBytes(70_000);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.getBlob(repo, digest);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(r.header("Content-Length")).contains("70000");
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
    assertThat(r.header("Content-Type")).contains("application/octet-stream");
    assertThat(r.header("Docker-Distribution-API-Version")).contains("registry/2.0");
  }

  @Test
  void get_withIfNoneMatchOfItsDigest_is304WithoutABody() {
    String repo = registry.repo("blob");
    byte[] bytes = Images.randomBytes(5000);
    Digest digest = oci.pushBlob(repo, bytes);
    String etag = "\"" + digest.value() + "\"";

    Response cached = oci.getBlob(repo, digest, "If-None-Match", etag);
    assertThat(cached.status()).isEqualTo(304);
    assertThat(cached.body()).isEmpty();
    assertThat(cached.header("ETag")).contains(etag);
    Response other = oci.getBlob(repo, digest, "If-None-Match", "\"sha256:" + "1".repeat(64) + "\"");
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(bytes);
  }

  @Test
  void head_hasLengthAndDigestButNoBody() {
    String repo = registry.repo("pull");
    byte[] bytes = Images.randomBytes(5000);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.headBlob(repo, digest);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Content-Length")).contains("5000");
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
  }

  @Test
  void unknownBlob_is404BlobUnknown_onGetAndHead() {
    String repo = registry.repo("pull");
    oci.pushBlob(repo, Images.randomBytes(1));
    Digest missing = Digest.sha256(Images.randomBytes(16));

    assertOciError(oci.getBlob(repo, missing), 404, "BLOB_UNKNOWN");
    assertHeadStatus(oci.headBlob(repo, missing), 404);
  }

  @Test
  void unknownRepository_is404() {
    Response r = oci.getBlob(registry.repo("nowhere"), Digest.sha256(Images.randomBytes(4)));

    assertOciError(r, 404, "BLOB_UNKNOWN");
  }

  @Test
  void range_firstTenBytes_is206WithContentRange() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(100);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.getBlob(repo, digest, "Range", "bytes=0-9");

    assertThat(r.status()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(bytes, 0, 10));
    assertThat(r.header("Content-Range")).contains("bytes 0-9/100");
    assertThat(r.header("Content-Length")).contains("10");
    assertThat(r.header("Docker-Content-Digest")).contains(digest.value());
  }

  @Test
  void range_openEnded_returnsTheRest() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(100);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.getBlob(repo, digest, "Range", "bytes=5-");

    assertThat(r.status()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(bytes, 5, 100));
    assertThat(r.header("Content-Range")).contains("bytes 5-99/100");
  }

  @Test
  void range_suffix_returnsTheLastBytes() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(100);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.getBlob(repo, digest, "Range", "bytes=-3");

    assertThat(r.status()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(bytes, 97, 100));
    assertThat(r.header("Content-Range")).contains("bytes 97-99/100");
  }

  @Test
  void range_endBeyondSize_isClampedToTheLastByte() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(100);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.getBlob(repo, digest, "Range", "bytes=90-5000");

    assertThat(r.status()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(bytes, 90, 100));
    assertThat(r.header("Content-Range")).contains("bytes 90-99/100");
  }

  @Test
  void range_startBeyondTheEnd_is416WithUnsatisfiedContentRange() {
    String repo = registry.repo("range");
    Digest digest = oci.pushBlob(repo, Images.randomBytes(100));

    Response r = oci.getBlob(repo, digest, "Range", "bytes=100-200");

    assertThat(r.status()).isEqualTo(416);
    assertThat(r.header("Content-Range")).contains("bytes */100");
    assertOciError(r, 416, "RANGE_INVALID");
  }

  @Test
  void range_multipleRanges_answerTheWholeBlob() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(100);
    Digest digest = oci.pushBlob(repo, bytes);

    Response r = oci.getBlob(repo, digest, "Range", "bytes=0-1,5-9");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(r.header("Content-Range")).isEmpty();
  }

  @Test
  void range_inAnotherUnitOrMalformed_answersTheWholeBlob() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(50);
    Digest digest = oci.pushBlob(repo, bytes);

    for (String range : new String[] {"items=0-1", "bytes=9-2", "bytes=x-y", "bytes=-", "garbage"}) {
      Response r = oci.getBlob(repo, digest, "Range", range);
      assertThat(r.status()).as(range).isEqualTo(200);
      assertThat(r.body()).as(range).isEqualTo(bytes);
    }
  }

  @Test
  void range_withMatchingIfRange_isHonoured_andStaleIfRangeGetsWholeBlob() {
    String repo = registry.repo("range");
    byte[] bytes = Images.randomBytes(100);
    Digest digest = oci.pushBlob(repo, bytes);

    Response matching = oci.getBlob(repo, digest, "Range", "bytes=0-9", "If-Range", "\"" + digest.value() + "\"");
    Response stale = oci.getBlob(repo, digest, "Range", "bytes=0-9", "If-Range", "\"sha256:other\"");

    assertThat(matching.status()).isEqualTo(206);
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(bytes);
  }

  @Test
  void sameBlobInTwoRepositories_isStoredOnce() throws IOException {
    byte[] bytes = Images.randomBytes(4096);
    Digest digest = Digest.sha256(bytes);
    Path blobs = registry.registry().dataDir().resolve("storage/blobs");
    long before = countFiles(blobs);

    oci.pushBlob(registry.repo("dedup"), bytes);
    oci.pushBlobMonolithic(registry.repo("dedup"), bytes, digest);
    oci.pushBlobChunked(registry.repo("dedup"), bytes, 1000);

    assertThat(countFiles(blobs)).isEqualTo(before + 1);
    try (Stream<Path> files = Files.walk(blobs)) {
      assertThat(files.filter(p -> p.getFileName().toString().equals(digest.encoded())).count()).isEqualTo(1);
    }
  }

  @Test
  void blobPushedToOneRepository_isInvisibleInAnother_untilPushedThere() {
    String a = registry.repo("visible");
    String b = registry.repo("visible");
    byte[] bytes = Images.randomBytes(300);
    oci.pushBlob(b, Images.randomBytes(3)); // b exists
    Digest digest = oci.pushBlob(a, bytes);

    assertOciError(oci.getBlob(b, digest), 404, "BLOB_UNKNOWN");
    assertHeadStatus(oci.headBlob(b, digest), 404);

    oci.pushBlob(b, bytes);
    assertThat(expect(oci.getBlob(b, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void delete_is202_thenBlobIs404_onlyInThatRepository() {
    String a = registry.repo("delete");
    String b = registry.repo("delete");
    byte[] bytes = Images.randomBytes(64);
    Digest digest = oci.pushBlob(a, bytes);
    oci.pushBlob(b, bytes);

    Response r = oci.delete("/v2/" + a + "/blobs/" + digest.value());

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Docker-Distribution-API-Version")).contains("registry/2.0");
    assertOciError(oci.getBlob(a, digest), 404, "BLOB_UNKNOWN");
    assertHeadStatus(oci.headBlob(a, digest), 404);
    assertThat(expect(oci.getBlob(b, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void delete_ofUnknownBlob_is404BlobUnknown_andSecondDeleteToo() {
    String repo = registry.repo("delete");
    Digest digest = oci.pushBlob(repo, Images.randomBytes(10));
    expect(oci.delete("/v2/" + repo + "/blobs/" + digest.value()), 202);

    assertOciError(oci.delete("/v2/" + repo + "/blobs/" + digest.value()), 404, "BLOB_UNKNOWN");
    assertOciError(oci.delete("/v2/" + repo + "/blobs/" + Digest.sha256(Images.randomBytes(5)).value()), 404,
        "BLOB_UNKNOWN");
  }

  @Test
  void delete_thenPushAgain_makesBlobVisibleAgain() {
    String repo = registry.repo("delete");
    byte[] bytes = Images.randomBytes(64);
    Digest digest = oci.pushBlob(repo, bytes);
    expect(oci.delete("/v2/" + repo + "/blobs/" + digest.value()), 202);

    oci.pushBlob(repo, bytes);

    assertThat(expect(oci.getBlob(repo, digest), 200).body()).isEqualTo(bytes);
  }

  @Test
  void invalidDigest_is400DigestInvalid() {
    String repo = registry.repo("pull");
    oci.pushBlob(repo, Images.randomBytes(1));

    for (String d : new String[] {"sha256:short", "sha256:" + "A".repeat(64), "md5:" + "0".repeat(32), "nocolon",
        "sha512:" + "0".repeat(64)}) {
      assertOciError(oci.get("/v2/" + repo + "/blobs/" + d), 400, "DIGEST_INVALID");
      assertOciError(oci.delete("/v2/" + repo + "/blobs/" + d), 400, "DIGEST_INVALID");
    }
  }

  @Test
  void manifest_isAlsoReachableAsABlobOfItsRepository() {
    String repo = registry.repo("pull");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);

    Response r = oci.getBlob(repo, image.digest());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(image.bytes());
    assertThat(r.header("Docker-Content-Digest")).contains(image.digest().value());
  }

  private static long countFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
