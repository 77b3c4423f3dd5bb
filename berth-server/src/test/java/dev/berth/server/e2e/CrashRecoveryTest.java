package dev.berth.server.e2e;

import dev.berth.server.testing.BerthProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.e2e.GeneratedContent.ContentStream;
import dev.berth.server.e2e.RegistryHttp.Pulled;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 of a Berth process while two large uploads stream in, then a restart over the same data directory: no
 * partial blob is visible anywhere (registry, metadata, storage), the interrupted session reports the progress it
 * had made durable and resumes from there, and a client that gives up on its session can start afresh.
 */
class CrashRecoveryTest {
  /** Berth makes upload progress durable every this many bytes within one PATCH ({@code Uploads.CHECKPOINT_BYTES}). */
  static final long CHECKPOINT_BYTES = 64L << 20;

  static final long RESUMED_SIZE = 512L << 20;
  static final long RESTARTED_SIZE = 160L << 20;
  /** How far past a checkpoint the client must have sent at the kill: well over any socket buffering. */
  static final long NOT_DURABLE_TAIL = 24L << 20;
  static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  Path work;

  @Test
  void sigkillDuringLargeUploads_leavesNoPartialBlob_andUploadsResumeOrRestart() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("data"));
    GeneratedContent resumed = new GeneratedContent(1, RESUMED_SIZE);
    GeneratedContent restarted = new GeneratedContent(2, RESTARTED_SIZE);
    String resumedDigest = resumed.digest();
    String restartedDigest = restarted.digest();
    List<String> digests = List.of(resumedDigest, restartedDigest);

    // given: two streamed PATCHes in flight, neither able to finish before the kill
    String resumedLocation;
    String abandonedLocation;
    long durableBeforeKill;
    CountDownLatch afterKill = new CountDownLatch(1);
    try (BerthProcess berth = BerthProcess.start(dataDir, work.resolve("berth-1.log"))) {
      RegistryHttp http = new RegistryHttp(berth.base());
      resumedLocation = http.startUpload("crash/resumed");
      abandonedLocation = http.startUpload("crash/restarted");
      ContentStream resumedBody = resumed.stream(0, RESUMED_SIZE - (32L << 20), afterKill);
      ContentStream abandonedBody = restarted.stream(0, RESTARTED_SIZE - (32L << 20), afterKill);
      CompletableFuture<HttpResponse<String>> resumedPatch = streamPatch(http, resumedLocation, resumedBody);
      CompletableFuture<HttpResponse<String>> abandonedPatch = streamPatch(http, abandonedLocation, abandonedBody);

      // when: the server is killed once the first upload has made a checkpoint durable and received well past
      // it (bytes written but not yet made durable), bytes still flowing
      durableBeforeKill = awaitDurableProgress(http, resumedLocation, CHECKPOINT_BYTES, berth);
      awaitSent(resumedBody, durableBeforeKill + NOT_DURABLE_TAIL);
      long sentAtKill = resumedBody.position();
      long t0 = System.nanoTime();
      int exit = berth.killHard();
      afterKill.countDown();
      System.out.printf("CrashRecoveryTest: killed berth after %d MiB sent (%d MiB durable); SIGKILL took %d ms%n",
          sentAtKill >> 20, durableBeforeKill >> 20, (System.nanoTime() - t0) / 1_000_000);

      assertThat(exit).as("exit status of a process killed by SIGKILL").isEqualTo(137);
      assertThat(sentAtKill).as("bytes still flowing at the kill").isLessThan(RESUMED_SIZE);
      assertFailed(resumedPatch);
      assertFailed(abandonedPatch);
    }

    // then: nothing of either blob exists, but the session's durable progress does
    for (String digest : digests) {
      assertNoTraceInStore(dataDir, digest);
    }
    long recordedOffset = uploadRowSize(dataDir, uploadId(resumedLocation)).orElseThrow();
    assertThat(recordedOffset).isGreaterThanOrEqualTo(durableBeforeKill).isLessThan(RESUMED_SIZE);
    long written = Files.size(dataDir.resolve("storage").resolve("uploads").resolve(uploadId(resumedLocation)));
    System.out.printf("CrashRecoveryTest: upload file holds %d MiB, %d MiB of it durable%n", written >> 20,
        recordedOffset >> 20);
    assertThat(written).as("bytes written past the last checkpoint, which the resume must discard")
        .isGreaterThan(recordedOffset);

    try (BerthProcess berth = BerthProcess.start(dataDir, work.resolve("berth-2.log"))) {
      RegistryHttp http = new RegistryHttp(berth.base());
      for (String digest : digests) {
        for (String repo : List.of("crash/resumed", "crash/restarted")) {
          assertThat(http.head("/v2/" + repo + "/blobs/" + digest, null).statusCode())
              .as("HEAD %s in %s", digest, repo).isEqualTo(404);
          assertThat(http.get("/v2/" + repo + "/blobs/" + digest).statusCode()).isEqualTo(404);
        }
        assertNoTraceInStore(dataDir, digest);
      }

      // the interrupted session reports its durable offset, and resumes from it to completion
      HttpResponse<String> status = http.send(HttpRequest.newBuilder(http.resolve(resumedLocation)).GET());
      assertThat(status.statusCode()).isEqualTo(204);
      long offset = rangeEnd(status) + 1;
      System.out.printf("CrashRecoveryTest: after restart the upload reports %d bytes (%d MiB)%n", offset,
          offset >> 20);
      assertThat(offset).isEqualTo(recordedOffset).isGreaterThanOrEqualTo(CHECKPOINT_BYTES);
      String location = status.headers().firstValue("Location").orElseThrow();

      long t0 = System.nanoTime();
      HttpResponse<String> rest = http.send(HttpRequest.newBuilder(http.resolve(location))
          .header("Content-Type", "application/octet-stream")
          .header("Content-Range", offset + "-" + (RESUMED_SIZE - 1))
          .method("PATCH", BodyPublishers.fromPublisher(
              BodyPublishers.ofInputStream(() -> resumed.stream(offset)), RESUMED_SIZE - offset)));
      assertThat(rest.statusCode()).as("resuming PATCH: %s", rest.body()).isEqualTo(202);
      assertThat(rest.headers().firstValue("Range")).contains("0-" + (RESUMED_SIZE - 1));
      HttpResponse<String> done =
          http.completeUpload(rest.headers().firstValue("Location").orElseThrow(), resumedDigest);
      assertThat(done.statusCode()).as("PUT: %s", done.body()).isEqualTo(201);
      System.out.printf("CrashRecoveryTest: resumed the rest (%d MiB) and completed in %d ms%n",
          (RESUMED_SIZE - offset) >> 20, (System.nanoTime() - t0) / 1_000_000);
      assertThat(http.pullBlob("crash/resumed", resumedDigest)).isEqualTo(new Pulled(resumedDigest, RESUMED_SIZE));

      // the other client gives up on its session: cancels it and uploads afresh
      HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(http.resolve(abandonedLocation)).DELETE());
      assertThat(cancel.statusCode()).isEqualTo(204);
      assertThat(http.send(HttpRequest.newBuilder(http.resolve(abandonedLocation)).GET()).statusCode())
          .isEqualTo(404);
      String fresh = http.startUpload("crash/restarted");
      HttpResponse<String> whole = streamPatch(http, fresh, restarted.stream(0)).get(5, TimeUnit.MINUTES);
      assertThat(whole.statusCode()).as("fresh PATCH: %s", whole.body()).isEqualTo(202);
      HttpResponse<String> freshDone =
          http.completeUpload(whole.headers().firstValue("Location").orElseThrow(), restartedDigest);
      assertThat(freshDone.statusCode()).as("PUT: %s", freshDone.body()).isEqualTo(201);
      assertThat(http.pullBlob("crash/restarted", restartedDigest))
          .isEqualTo(new Pulled(restartedDigest, RESTARTED_SIZE));

      // and no upload is left behind, in storage or in the database
      try (Stream<Path> left = Files.list(dataDir.resolve("storage").resolve("uploads"))) {
        assertThat(left.toList()).isEmpty();
      }
      assertThat(uploadRowCount(dataDir)).isZero();
      for (String digest : digests) {
        assertThat(storedBlobRows(dataDir, digest)).isEqualTo(1);
      }
    }
  }

  private static CompletableFuture<HttpResponse<String>> streamPatch(RegistryHttp http, String location,
      InputStream body) {
    HttpRequest request = HttpRequest.newBuilder(http.resolve(location))
        .header("Content-Type", "application/octet-stream")
        .method("PATCH", BodyPublishers.ofInputStream(() -> body))
        .build();
    return http.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Polls the session's status until it reports at least {@code atLeast} bytes; returns what it reported. */
  private static long awaitDurableProgress(RegistryHttp http, String location, long atLeast, BerthProcess berth)
      throws Exception {
    long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = http.send(HttpRequest.newBuilder(http.resolve(location)).GET());
      assertThat(status.statusCode()).as("upload status: %s", status.body()).isEqualTo(204);
      long durable = rangeEnd(status) + 1;
      if (durable >= atLeast) {
        return durable;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the upload never made " + atLeast + " bytes durable:\n" + berth.logTail());
  }

  private static void awaitSent(ContentStream body, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
    while (body.position() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the client never sent " + atLeast + " bytes; it sent " + body.position());
      }
      Thread.sleep(5);
    }
  }

  /** The end of {@code Range: 0-<end>}; {@code 0-0} with nothing stored yet counts as -1 (no bytes). */
  private static long rangeEnd(HttpResponse<?> response) {
    String range = response.headers().firstValue("Range").orElseThrow(() -> new AssertionError("no Range header"));
    assertThat(range).matches("0-\\d+");
    long end = Long.parseLong(range.substring(2));
    return end == 0 ? -1 : end;
  }

  private static void assertFailed(CompletableFuture<HttpResponse<String>> patch) throws Exception {
    try {
      HttpResponse<String> r = patch.get(2, TimeUnit.MINUTES);
      throw new AssertionError("a PATCH cut by the kill got an answer: " + r.statusCode() + " " + r.body());
    } catch (ExecutionException expected) {
      // the connection died with the server
    }
  }

  /** No file named for the digest under {@code storage/blobs}, and no {@code stored_blob} row for it. */
  private static void assertNoTraceInStore(Path dataDir, String digest) throws Exception {
    String hex = Digest.parse(digest).encoded();
    try (Stream<Path> files = Files.walk(dataDir.resolve("storage").resolve("blobs"))) {
      assertThat(files.filter(f -> f.getFileName().toString().equals(hex)).toList())
          .as("blob files named %s", hex).isEmpty();
    }
    assertThat(storedBlobRows(dataDir, digest)).as("stored_blob rows for %s", digest).isZero();
  }

  private static int storedBlobRows(Path dataDir, String digest) throws Exception {
    try (Connection c = sqlite(dataDir);
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM stored_blob WHERE digest = ?")) {
      s.setString(1, digest);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Optional<Long> uploadRowSize(Path dataDir, String id) throws Exception {
    try (Connection c = sqlite(dataDir);
        PreparedStatement s = c.prepareStatement("SELECT size FROM upload WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static int uploadRowCount(Path dataDir) throws Exception {
    try (Connection c = sqlite(dataDir);
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM upload")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection sqlite(Path dataDir) throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
  }

  private static String uploadId(String location) {
    String path = location.contains("?") ? location.substring(0, location.indexOf('?')) : location;
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
