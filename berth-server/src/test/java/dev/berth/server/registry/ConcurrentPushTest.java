package dev.berth.server.registry;

import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients pushing at the same time: the first pushes into one new repository race to create it, pushes move
 * the same tag, several sessions upload the same blob. Every request must succeed (no 5xx from a busy
 * database) and the result must be consistent.
 */
class ConcurrentPushTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private static final int CLIENTS = 12;

  private final OciClient oci = registry.client();

  private static <T> List<T> inParallel(List<Callable<T>> tasks) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
      List<Future<T>> futures = pool.invokeAll(tasks);
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    }
  }

  @Test
  void firstPushesIntoOneNewRepository_allSucceed() throws Exception {
    String repo = registry.repo("race");
    List<Images.Image> images = new ArrayList<>();
    List<Callable<Response>> tasks = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Images.Image image = Images.oci().layers(2).build();
      images.add(image);
      String tag = "t" + i;
      tasks.add(() -> oci.push(repo, tag, image));
    }

    List<Response> answers = inParallel(tasks);

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(201));
    for (int i = 0; i < CLIENTS; i++) {
      assertThat(expect(oci.getManifest(repo, "t" + i), 200).body()).isEqualTo(images.get(i).bytes());
    }
    assertThat(expect(oci.get("/v2/" + repo + "/tags/list"), 200).json().path("tags").size()).isEqualTo(CLIENTS);
  }

  @Test
  void pushesMovingOneTag_leaveItOnOneOfThem_withOneOpenHistoryRow() throws Exception {
    String repo = registry.repo("race");
    List<Images.Image> images = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Images.Image image = Images.oci().build();
      oci.pushContent(repo, image);
      images.add(image);
    }
    List<Callable<Response>> tasks = new ArrayList<>();
    for (Images.Image image : images) {
      tasks.add(() -> oci.pushManifest(repo, "latest", image.mediaType(), image.bytes()));
    }

    List<Response> answers = inParallel(tasks);

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(201));
    Response latest = expect(oci.getManifest(repo, "latest"), 200);
    assertThat(images).anySatisfy(i -> assertThat(latest.body()).isEqualTo(i.bytes()));
    assertThat(dev.berth.server.testing.MetadataDb.number(registry.registry().dataDir(), """
        SELECT COUNT(*) FROM tag t JOIN repository r ON r.id = t.repository_id
        WHERE r.name = ? AND t.name = 'latest' AND t.lifetime_end_ms IS NULL""", repo)).isEqualTo(1);
  }

  @Test
  void sameBlobUploadedBySeveralSessionsAtOnce_isStoredOnceAndIntact() throws Exception {
    byte[] bytes = Images.randomBytes(2_000_000);
    Digest digest = Digest.sha256(bytes);
    List<String> repos = new ArrayList<>();
    List<Callable<Digest>> tasks = new ArrayList<>();
    for (int i = 0; i < CLIENTS / 2; i++) {
      String repo = registry.repo("race");
      repos.add(repo);
      tasks.add(i % 2 == 0 ? () -> oci.pushBlob(repo, bytes) : () -> oci.pushBlobChunked(repo, bytes, 300_000));
    }

    assertThat(inParallel(tasks)).containsOnly(digest);

    for (String repo : repos) {
      assertThat(Arrays.equals(expect(oci.getBlob(repo, digest), 200).body(), bytes)).as(repo).isTrue();
    }
  }
}
