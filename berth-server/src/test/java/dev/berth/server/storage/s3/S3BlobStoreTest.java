package dev.berth.server.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.server.config.StorageConfig;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.BlobStoreContract;
import dev.berth.server.storage.UploadId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The blob store contract on a real S3-compatible server (S3Proxy on loopback), plus what only S3 has: the key
 * layout, stale multipart uploads, presigned URLs, and assembly without server-side copies.
 */
class S3BlobStoreTest extends BlobStoreContract {
  private static final String BUCKET = "berth-blobs";
  static S3ProxyServer server;

  private String prefix;
  private S3BlobStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void open() throws IOException {
    prefix = "test-" + UUID.randomUUID() + "/";
    store = S3BlobStore.create(server.config(BUCKET, prefix, true, true), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected BlobStore store() {
    return store;
  }

  @Override
  protected boolean redirects() {
    return true;
  }

  @Test
  void layout_blobsUnderAlgorithmAndTwoHexDigits_chunksUnderTheUploadByZeroPaddedOffset() throws Exception {
    byte[] a = random(10, 1);
    byte[] b = random(20, 2);
    UploadId id = upload(a, b);

    assertThat(keys(prefix)).containsExactly(
        prefix + "uploads/" + id + "/00000000000000000000", prefix + "uploads/" + id + "/00000000000000000010");

    Digest digest = Digest.sha256(concat(a, b));
    store.commitUpload(id, 30, digest);
    String hex = digest.encoded();
    assertThat(keys(prefix)).containsExactly(prefix + "sha256/" + hex.substring(0, 2) + "/" + hex);
  }

  @Test
  void anUploadStartedOnOneNode_isContinuedReadAndCommittedOnAnother() throws Exception {
    byte[] first = random(5 * MIB + 3, 40);
    byte[] second = random(777, 41);
    UploadId id = upload(first);
    try (S3BlobStore otherNode = S3BlobStore.create(server.config(BUCKET, prefix, true, true), Clock.systemUTC())) {
      try (var appender = otherNode.appendUpload(id, first.length)) {
        appender.write(java.nio.ByteBuffer.wrap(second));
        assertThat(appender.sync()).isEqualTo(first.length + second.length);
      }
      byte[] all = concat(first, second);
      Digest digest = Digest.sha256(all);
      assertThat(hash(otherNode.readUpload(id, all.length))).isEqualTo(digest);

      otherNode.commitUpload(id, all.length, digest);

      assertThat(readAll(digest, 0)).isEqualTo(all);
    }
  }

  @Test
  void commit_withoutServerSideAssembly_readsBackAndUploadsChunksOfEverySize() throws Exception {
    try (S3BlobStore clientSide = S3BlobStore.create(server.config(BUCKET, prefix, true, false), Clock.systemUTC())) {
      byte[][] chunks = {random(3, 3), random(5 * MIB + 1, 4), random(9 * MIB, 5), random(100, 6)};
      UploadId id = UploadId.random();
      long offset = 0;
      for (byte[] chunk : chunks) {
        try (var appender = clientSide.appendUpload(id, offset)) {
          appender.write(java.nio.ByteBuffer.wrap(chunk));
          offset = appender.sync();
        }
      }
      byte[] all = concat(chunks);
      Digest digest = Digest.sha256(all);

      clientSide.commitUpload(id, all.length, digest);

      assertThat(readAll(digest, 0)).isEqualTo(all);
      assertThat(keys(prefix + "uploads/")).isEmpty();
    }
  }

  @Test
  void unsyncedBytesOfMoreThanAPart_areAbortedOnClose_orLeftToTheStaleCleanupByACrash() throws Exception {
    byte[] synced = random(1000, 10);
    UploadId id = upload(synced);
    String pendingChunk = prefix + "uploads/" + id + "/00000000000000001000";
    try (var appender = store.appendUpload(id, 1000)) {
      appender.write(java.nio.ByteBuffer.wrap(random(9 * MIB, 11))); // one 8 MiB part uploaded, no sync
      assertThat(multipartKeys()).contains(pendingChunk);
    }
    assertThat(multipartKeys()).doesNotContain(pendingChunk);

    var crashed = store.appendUpload(id, 1000); // never closed: the process died
    crashed.write(java.nio.ByteBuffer.wrap(random(9 * MIB, 12)));
    assertThat(multipartKeys()).contains(pendingChunk);
    assertThat(readUpload(id, 1000)).isEqualTo(synced);
    assertThatThrownBy(() -> store.readUpload(id, 1001)).isInstanceOf(IOException.class);
    try (S3BlobStore nextDay = S3BlobStore.create(server.config(BUCKET, prefix, true, true),
        Clock.offset(Clock.systemUTC(), Duration.ofDays(2)))) {
      assertThat(multipartKeys()).doesNotContain(pendingChunk);
      byte[] more = random(10, 13);
      try (var appender = nextDay.appendUpload(id, 1000)) {
        appender.write(java.nio.ByteBuffer.wrap(more));
        assertThat(appender.sync()).isEqualTo(1010);
      }
      assertThat(readUpload(id, 1010)).isEqualTo(concat(synced, more));
    }
  }

  @Test
  void abortStaleMultipartUploads_abortsOnlyOldOnesUnderTheStoresPrefixes() throws Exception {
    String stale = prefix + "uploads/" + UploadId.random() + "/00000000000000000000";
    String foreign = "elsewhere/" + prefix + "object";
    startMultipart(stale);
    String foreignId = startMultipart(foreign);

    assertThat(store.abortStaleMultipartUploads(Duration.ofHours(1))).isZero();
    assertThat(multipartKeys()).contains(stale, foreign);

    Clock twoDaysLater = Clock.offset(Clock.systemUTC(), Duration.ofDays(2));
    try (S3BlobStore later = S3BlobStore.create(server.config(BUCKET, prefix, true, true), twoDaysLater)) {
      assertThat(multipartKeys()).doesNotContain(stale).contains(foreign);
      assertThat(later.abortStaleMultipartUploads(S3BlobStore.STALE_MULTIPART_AGE)).isZero();
    } finally {
      server.client().abortMultipartUpload(b -> b.bucket(BUCKET).key(foreign).uploadId(foreignId));
    }
  }

  @Test
  void presignedUrl_withATamperedSignature_isRefused() throws Exception {
    Digest digest = commit(random(100, 7));
    URI url = store.redirectUrl(digest, Duration.ofMinutes(5)).orElseThrow();
    String query = url.getRawQuery();
    int at = query.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    char flipped = query.charAt(at) == 'a' ? 'b' : 'a';
    URI tampered = URI.create(url.toString().replace(query,
        query.substring(0, at) + flipped + query.substring(at + 1)));

    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(tampered).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(url.getPath()).isEqualTo("/" + BUCKET + "/" + prefix + "sha256/" + digest.encoded().substring(0, 2)
        + "/" + digest.encoded());
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void redirectDownloadsOff_givesNoUrl() throws Exception {
    try (S3BlobStore direct = S3BlobStore.create(server.config(BUCKET, prefix, false, true), Clock.systemUTC())) {
      Digest digest = commit(random(10, 8));
      assertThat(direct.redirectUrl(digest, Duration.ofMinutes(1))).isEmpty();
      assertThat(direct.size(digest)).contains(10L);
    }
  }

  @Test
  void create_withAMissingBucket_failsNamingIt_andAGoneBucketIsUnhealthy() throws Exception {
    StorageConfig.S3 missing = server.config("no-such-bucket", prefix, true, true);
    assertThatThrownBy(() -> S3BlobStore.create(missing, Clock.systemUTC()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-bucket")
        .hasMessageContaining(server.endpoint().toString());

    server.createBucket("short-lived");
    try (S3BlobStore shortLived = S3BlobStore.create(server.config("short-lived", "", true, true),
        Clock.systemUTC())) {
      assertThat(shortLived.isHealthy()).isTrue();
      server.client().deleteBucket(b -> b.bucket("short-lived"));
      assertThat(shortLived.isHealthy()).isFalse();
    }
  }

  /**
   * What the tests rely on S3Proxy for, checked with the plain SDK: multipart uploads whose parts are copied from
   * ranges of other objects ({@code UploadPartCopy}).
   */
  @Test
  void s3Proxy_supportsUploadPartCopyOfRanges() throws Exception {
    byte[] source = random(6 * MIB, 9);
    String sourceKey = prefix + "source";
    String targetKey = prefix + "target";
    server.client().putObject(b -> b.bucket(BUCKET).key(sourceKey), RequestBody.fromBytes(source));
    String uploadId = startMultipart(targetKey);
    String first = server.client().uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey(sourceKey)
        .destinationBucket(BUCKET).destinationKey(targetKey).uploadId(uploadId).partNumber(1)
        .copySourceRange("bytes=0-" + (5 * MIB - 1))).copyPartResult().eTag();
    String second = server.client().uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey(sourceKey)
        .destinationBucket(BUCKET).destinationKey(targetKey).uploadId(uploadId).partNumber(2)
        .copySourceRange("bytes=10-19")).copyPartResult().eTag();
    server.client().completeMultipartUpload(b -> b.bucket(BUCKET).key(targetKey).uploadId(uploadId)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(first).build(),
            CompletedPart.builder().partNumber(2).eTag(second).build())));

    byte[] target = server.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(targetKey)).asByteArray();
    assertThat(target).isEqualTo(concat(java.util.Arrays.copyOf(source, 5 * MIB),
        java.util.Arrays.copyOfRange(source, 10, 20)));
  }

  /**
   * S3Proxy enforces S3's 5 MiB minimum for every part but the last, as AWS does: without it, the contract's
   * mixed chunk sizes would not show that the store respects it.
   */
  @Test
  void s3Proxy_rejectsPartsUnderFiveMibExceptTheLast() {
    String key = prefix + "small-parts";
    String uploadId = startMultipart(key);
    String first = server.client().uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(random(100, 30))).eTag();
    String second = server.client().uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(2),
        RequestBody.fromBytes(random(100, 31))).eTag();

    assertThatThrownBy(() -> server.client().completeMultipartUpload(b -> b.bucket(BUCKET).key(key)
        .uploadId(uploadId).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(first).build(),
            CompletedPart.builder().partNumber(2).eTag(second).build()))))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(400));
    server.client().abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId));
  }

  private String startMultipart(String key) {
    return server.client().createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
  }

  private List<String> multipartKeys() {
    return server.client().listMultipartUploadsPaginator(b -> b.bucket(BUCKET)).uploads().stream()
        .map(MultipartUpload::key).toList();
  }

  private List<String> keys(String under) {
    return server.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(under)).contents().stream()
        .map(S3Object::key).toList();
  }
}
