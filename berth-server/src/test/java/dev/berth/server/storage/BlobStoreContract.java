package dev.berth.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlobStore} contract, run by every implementation: a subclass provides a fresh, empty store per test
 * and says whether it redirects downloads. Chunks are written as {@code registry.Uploads} writes them: one
 * {@code appendUpload} session per client chunk, fed in body-sized buffers, synced at its end and every 64 MiB.
 */
public abstract class BlobStoreContract {
  protected static final int MIB = 1 << 20;
  private static final long CHECKPOINT = 64L * MIB;
  private static final int BODY_BUFFER = 64 * 1024;

  /** The store under test, fresh and empty for each test. */
  protected abstract BlobStore store();

  /** Whether {@link BlobStore#redirectUrl} should give a URL for a stored blob. */
  protected abstract boolean redirects();

  @Test
  void commit_thenOpen_readsTheBlobBack() throws Exception {
    byte[] content = random(1000, 1);
    Digest digest = Digest.sha256(content);
    UploadId id = upload(content);

    store().commitUpload(id, content.length, digest);

    assertThat(readAll(digest, 0)).isEqualTo(content);
    assertThat(store().size(digest)).contains((long) content.length);
    assertThat(store().isHealthy()).isTrue();
  }

  @Test
  void open_atOffsets_readsFromThere_andAtTheEndReadsNothing() throws Exception {
    byte[] content = random(1000, 2);
    Digest digest = commit(content);

    assertThat(readAll(digest, 1)).isEqualTo(Arrays.copyOfRange(content, 1, 1000));
    assertThat(readAll(digest, 500)).isEqualTo(Arrays.copyOfRange(content, 500, 1000));
    assertThat(readAll(digest, 999)).containsExactly(content[999]);
    assertThat(readAll(digest, 1000)).isEmpty();
  }

  @Test
  void appendUpload_atAnOffsetBelowWhatIsStored_discardsTheLeftovers() throws Exception {
    byte[] first = random(100, 3);
    // a crash kept the second and third chunks but not their database rows
    UploadId id = upload(first, random(50, 4), random(50, 25));
    byte[] replacement = random(50, 5);

    try (UploadAppender appender = store().appendUpload(id, 100)) {
      appender.write(ByteBuffer.wrap(replacement));
      assertThat(appender.sync()).isEqualTo(150);
    }

    byte[] expected = concat(first, replacement);
    assertThat(readUpload(id, 150)).isEqualTo(expected);
    assertThatThrownBy(() -> store().readUpload(id, 151)).isInstanceOf(IOException.class);
    Digest digest = Digest.sha256(expected);
    store().commitUpload(id, 150, digest);
    assertThat(readAll(digest, 0)).isEqualTo(expected);
  }

  @Test
  void appendUpload_inTheMiddleOfAStoredChunk_keepsOnlyTheBytesBeforeIt() throws Exception {
    byte[] stored = random(150, 6);
    UploadId id = upload(stored);
    byte[] tail = random(10, 7);

    append(id, 120, tail);

    byte[] expected = concat(Arrays.copyOf(stored, 120), tail);
    assertThat(readUpload(id, 130)).isEqualTo(expected);
    assertThat(commitAndRead(id, expected)).isEqualTo(expected);
  }

  @Test
  void appendUpload_inTheMiddleOfALargeChunk_keepsOnlyTheBytesBeforeIt() throws Exception {
    byte[] stored = random(6 * MIB + 11, 8);
    UploadId id = upload(stored);
    byte[] tail = random(1000, 9);
    int keep = 5 * MIB + MIB / 2;

    append(id, keep, tail);

    byte[] expected = concat(Arrays.copyOf(stored, keep), tail);
    assertThat(commitAndRead(id, expected)).isEqualTo(expected);
  }

  @Test
  void bytesWrittenWithoutSync_areNotPartOfTheUpload_andAppendingContinuesAfterTheSyncedOnes() throws Exception {
    byte[] synced = random(100, 10);
    UploadId id = UploadId.random();
    try (UploadAppender appender = store().appendUpload(id, 0)) {
      appender.write(ByteBuffer.wrap(synced));
      assertThat(appender.sync()).isEqualTo(100);
      appender.write(ByteBuffer.wrap(random(50, 11))); // closed without sync, as by a failed request
    }
    byte[] more = random(5, 12);

    append(id, 100, more);

    byte[] expected = concat(synced, more);
    assertThat(commitAndRead(id, expected)).isEqualTo(expected);
  }

  @Test
  void appendUpload_ofAnUnknownUploadAtAnOffset_isNoSuchFile_andBeyondItsEndFails() throws Exception {
    assertThatThrownBy(() -> store().appendUpload(UploadId.random(), 5)).isInstanceOf(NoSuchFileException.class);
    UploadId id = upload(random(10, 13));
    assertThatThrownBy(() -> store().appendUpload(id, 11)).isInstanceOf(IOException.class);
    assertThat(readUpload(id, 10)).hasSize(10);
  }

  @Test
  void readUpload_readsAPrefixAcrossChunks_andFailsBeyondTheEnd() throws Exception {
    byte[] a = random(10, 14);
    byte[] b = random(20, 15);
    byte[] c = random(30, 16);
    UploadId id = upload(a, b, c);
    byte[] all = concat(a, b, c);

    assertThat(readUpload(id, 25)).isEqualTo(Arrays.copyOf(all, 25));
    assertThat(readUpload(id, 60)).isEqualTo(all);
    assertThat(readUpload(id, 0)).isEmpty();
    assertThatThrownBy(() -> store().readUpload(id, 61)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> store().readUpload(UploadId.random(), 1)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void commitUpload_ofMoreBytesThanStored_fails_andKeepsTheUpload() throws Exception {
    byte[] content = random(10, 17);
    UploadId id = upload(content);

    assertThatThrownBy(() -> store().commitUpload(id, 11, Digest.sha256(random(11, 18))))
        .isInstanceOf(IOException.class);
    assertThat(readUpload(id, 10)).isEqualTo(content);
  }

  @Test
  void commitUpload_ofAPrefix_storesOnlyThatPrefix() throws Exception {
    byte[] content = random(300, 19);
    UploadId id = upload(Arrays.copyOf(content, 100), Arrays.copyOfRange(content, 100, 300));
    byte[] prefix = Arrays.copyOf(content, 150);

    assertThat(commitAndRead(id, prefix)).isEqualTo(prefix);
  }

  @Test
  void commitUpload_ofABlobAlreadyStored_dropsTheUpload_andKeepsTheBlob() throws Exception {
    byte[] content = random(2000, 20);
    Digest digest = commit(content);
    UploadId again = upload(content);

    store().commitUpload(again, content.length, digest);

    assertThat(readAll(digest, 0)).isEqualTo(content);
    assertThatThrownBy(() -> store().readUpload(again, 1)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void deleteUpload_andDelete_areIdempotent() throws Exception {
    store().deleteUpload(UploadId.random());
    UploadId id = upload(random(10, 21));
    store().deleteUpload(id);
    store().deleteUpload(id);
    assertThatThrownBy(() -> store().readUpload(id, 1)).isInstanceOf(NoSuchFileException.class);

    Digest digest = commit(random(10, 22));
    store().delete(digest);
    store().delete(digest);
    store().delete(Digest.sha256("never stored"));
    assertThat(store().size(digest)).isEmpty();
  }

  @Test
  void emptyBlob_isCommittedFromAnUploadThatNeverGotAByte() throws Exception {
    Digest empty = Digest.sha256(new byte[0]);
    UploadId untouched = UploadId.random();
    store().commitUpload(untouched, 0, empty);
    assertThat(store().size(empty)).contains(0L);
    assertThat(readAll(empty, 0)).isEmpty();

    store().delete(empty);
    UploadId synced = UploadId.random();
    try (UploadAppender appender = store().appendUpload(synced, 0)) {
      assertThat(appender.sync()).isZero();
    }
    store().commitUpload(synced, 0, empty);
    assertThat(store().size(empty)).contains(0L);
  }

  @Test
  void chunksOfEverySizeAroundTheFiveMibPartMinimum_makeOneBlob() throws Exception {
    int[] sizes = {1, 100, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1, 17 * MIB, 3};
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      chunks.add(random(sizes[i], 100 + i));
    }
    byte[] all = concat(chunks.toArray(byte[][]::new));
    UploadId id = upload(chunks.toArray(byte[][]::new));
    Digest digest = Digest.sha256(all);

    assertThat(hash(store().readUpload(id, all.length))).isEqualTo(digest);
    store().commitUpload(id, all.length, digest);

    assertThat(store().size(digest)).contains((long) all.length);
    assertThat(hashBlob(digest)).isEqualTo(digest);
    assertThatThrownBy(() -> store().readUpload(id, 1)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aHundredMegabyteUpload_streamedInTwoSessions_isStoredWhole() throws Exception {
    long total = 100L * MIB + 3;
    long firstSession = 30L * MIB + 7;
    MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
    SplittableRandom generator = new SplittableRandom(42);
    UploadId id = UploadId.random();

    writeGenerated(id, 0, firstSession, generator, md);
    writeGenerated(id, firstSession, total - firstSession, generator, md);
    Digest digest = Digest.of(DigestAlgorithm.SHA256, md.digest());
    store().commitUpload(id, total, digest);

    assertThat(store().size(digest)).contains(total);
    assertThat(hashBlob(digest)).isEqualTo(digest);
  }

  @Test
  void concurrentUploadsOfTheSameBlob_allCommit_andLeaveOneIntactBlob() throws Exception {
    byte[] content = random(6 * MIB + 5, 23);
    Digest digest = Digest.sha256(content);
    List<UploadId> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(upload(Arrays.copyOf(content, 5 * MIB + 1), Arrays.copyOfRange(content, 5 * MIB + 1, content.length)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(ids.size());
    try {
      List<Future<Void>> commits = new ArrayList<>();
      for (UploadId id : ids) {
        Callable<Void> commit = () -> {
          store().commitUpload(id, content.length, digest);
          return null;
        };
        commits.add(pool.submit(commit));
      }
      for (Future<Void> f : commits) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(readAll(digest, 0)).isEqualTo(content);
    for (UploadId id : ids) {
      assertThatThrownBy(() -> store().readUpload(id, 1)).isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void missingBlob_hasNoSize_andOpeningItIsNoSuchFile() throws Exception {
    Digest missing = Digest.sha256("missing");
    assertThat(store().size(missing)).isEmpty();
    assertThatThrownBy(() -> store().open(missing, 0)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store().open(missing, 10)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void redirectUrl_isGivenOnlyByRedirectingStores_andServesTheBlob() throws Exception {
    byte[] content = random(70_000, 24);
    Digest digest = commit(content);

    Optional<URI> url = store().redirectUrl(digest, Duration.ofMinutes(5));

    assertThat(url.isPresent()).isEqualTo(redirects());
    if (url.isPresent()) {
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.get()).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(content);
    }
  }

  // ---- helpers

  /** Pseudo-random bytes from {@code seed}. */
  protected static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  protected static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** A new upload holding {@code chunks}, each written in its own session. */
  protected UploadId upload(byte[]... chunks) throws IOException {
    UploadId id = UploadId.random();
    long offset = 0;
    for (byte[] chunk : chunks) {
      append(id, offset, chunk);
      offset += chunk.length;
    }
    return id;
  }

  /** One session: appends {@code chunk} at {@code offset} in body-sized buffers, syncing every 64 MiB. */
  protected void append(UploadId id, long offset, byte[] chunk) throws IOException {
    try (UploadAppender appender = store().appendUpload(id, offset)) {
      long sinceSync = 0;
      for (int at = 0; at < chunk.length; at += BODY_BUFFER) {
        int n = Math.min(BODY_BUFFER, chunk.length - at);
        appender.write(ByteBuffer.wrap(chunk, at, n));
        sinceSync += n;
        if (sinceSync >= CHECKPOINT) {
          appender.sync();
          sinceSync = 0;
        }
      }
      assertThat(appender.sync()).isEqualTo(offset + chunk.length);
    }
  }

  protected Digest commit(byte[] content) throws IOException {
    Digest digest = Digest.sha256(content);
    store().commitUpload(upload(content), content.length, digest);
    return digest;
  }

  protected byte[] commitAndRead(UploadId id, byte[] expected) throws IOException {
    Digest digest = Digest.sha256(expected);
    store().commitUpload(id, expected.length, digest);
    return readAll(digest, 0);
  }

  protected byte[] readUpload(UploadId id, long length) throws IOException {
    try (InputStream in = store().readUpload(id, length)) {
      return in.readAllBytes();
    }
  }

  protected byte[] readAll(Digest digest, long offset) throws IOException {
    try (BlobContent content = store().open(digest, offset)) {
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      while (content.read(buffer.clear()) >= 0) {
        out.write(buffer.array(), 0, buffer.position());
      }
      return out.toByteArray();
    }
  }

  /** The sha256 of a stored blob, read in a stream. */
  protected Digest hashBlob(Digest digest) throws IOException {
    MessageDigest md = digest.algorithm().newMessageDigest();
    try (BlobContent content = store().open(digest, 0)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
      while (content.read(buffer.clear()) >= 0) {
        md.update(buffer.flip());
      }
    }
    return Digest.of(digest.algorithm(), md.digest());
  }

  protected static Digest hash(InputStream in) throws IOException {
    try (in) {
      MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return Digest.of(DigestAlgorithm.SHA256, md.digest());
    }
  }

  private void writeGenerated(UploadId id, long offset, long length, SplittableRandom generator, MessageDigest md)
      throws IOException {
    byte[] buffer = new byte[BODY_BUFFER];
    try (UploadAppender appender = store().appendUpload(id, offset)) {
      long sinceSync = 0;
      for (long written = 0; written < length; ) {
        int n = (int) Math.min(buffer.length, length - written);
        generator.nextBytes(buffer);
        md.update(buffer, 0, n);
        appender.write(ByteBuffer.wrap(buffer, 0, n));
        written += n;
        sinceSync += n;
        if (sinceSync >= CHECKPOINT) {
          appender.sync();
          sinceSync = 0;
        }
      }
      assertThat(appender.sync()).isEqualTo(offset + length);
    }
  }
}
