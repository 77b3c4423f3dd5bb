package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.server.registry.Rows.BlobRow;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.testing.Databases;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link BlobIndex} on every database: global blob rows and their links to repositories. */
abstract class BlobIndexContract extends RegistryContract {

  BlobIndexContract(Databases.Kind kind) {
    super(kind);
  }

  static Digest randomDigest() {
    return Digest.sha256(UUID.randomUUID().toString());
  }

  BlobRow insert(Digest digest, long size) {
    return db.write(h -> blobs.insertIfAbsent(h, digest, size, now()));
  }

  void link(long repositoryId, long blobId, long expiresMs) {
    db.write(h -> {
      blobs.link(h, repositoryId, blobId, now(), expiresMs);
      return null;
    });
  }

  Long expiry(long repositoryId, long blobId) {
    return db.read(h -> h.createQuery(
            "SELECT expires_ms FROM repository_blob WHERE repository_id = :r AND blob_id = :b")
        .bind("r", repositoryId).bind("b", blobId).mapTo(Long.class).findOne().orElse(null));
  }

  @Test
  void insertIfAbsent_twice_returnsTheFirstRow() {
    Digest d = randomDigest();
    BlobRow first = insert(d, 1234);

    BlobRow again = insert(d, 1234);

    assertThat(again).isEqualTo(first);
    assertThat(first).isEqualTo(new BlobRow(first.id(), d, 1234));
    assertThat(db.<Optional<BlobRow>>read(h -> blobs.find(h, d))).contains(first);
  }

  @Test
  void insertIfAbsent_fromManyThreadsAtOnce_makesOneRow() throws Exception {
    Digest d = randomDigest();

    List<BlobRow> rows = concurrently(8, n -> insert(d, 5_000_000_000L));

    assertThat(rows).containsOnly(rows.get(0));
    assertThat(rows.get(0).size()).isEqualTo(5_000_000_000L);
    assertThat(db.<Integer>read(h -> h.createQuery("SELECT COUNT(*) FROM stored_blob WHERE digest = :d")
        .bind("d", d.value()).mapTo(Integer.class).one())).isEqualTo(1);
  }

  @Test
  void find_unknownDigest_isEmpty() {
    assertThat(db.<Optional<BlobRow>>read(h -> blobs.find(h, randomDigest()))).isEmpty();
  }

  @Test
  void link_makesTheBlobVisibleInThatRepositoryOnly() {
    RepositoryRow repo = newRepository();
    RepositoryRow other = newRepository();
    BlobRow blob = insert(randomDigest(), 10);

    link(repo.id(), blob.id(), 1_000);

    assertThat(db.<Optional<BlobRow>>read(h -> blobs.findLinked(h, repo.id(), blob.digest()))).contains(blob);
    assertThat(db.<Optional<BlobRow>>read(h -> blobs.findLinked(h, other.id(), blob.digest()))).isEmpty();
  }

  @Test
  void link_again_extendsTheExpiryButNeverShortensIt() {
    RepositoryRow repo = newRepository();
    BlobRow blob = insert(randomDigest(), 10);
    link(repo.id(), blob.id(), 5_000);

    link(repo.id(), blob.id(), 9_000);
    assertThat(expiry(repo.id(), blob.id())).isEqualTo(9_000);

    link(repo.id(), blob.id(), 7_000);
    assertThat(expiry(repo.id(), blob.id())).isEqualTo(9_000);
    assertThat(db.<Integer>read(h -> h.createQuery("SELECT COUNT(*) FROM repository_blob WHERE repository_id = :r")
        .bind("r", repo.id()).mapTo(Integer.class).one())).isEqualTo(1);
  }

  @Test
  void link_fromManyThreadsAtOnce_makesOneLinkWithTheLatestExpiry() throws Exception {
    RepositoryRow repo = newRepository();
    BlobRow blob = insert(randomDigest(), 10);

    concurrently(8, n -> {
      link(repo.id(), blob.id(), 10_000 + n);
      return null;
    });

    assertThat(expiry(repo.id(), blob.id())).isEqualTo(10_007);
  }

  @Test
  void unlink_removesTheLinkOnce_andKeepsTheGlobalRow() {
    RepositoryRow repo = newRepository();
    BlobRow blob = insert(randomDigest(), 10);
    link(repo.id(), blob.id(), 1_000);

    assertThat(db.<Boolean>write(h -> blobs.unlink(h, repo.id(), blob.id()))).isTrue();
    assertThat(db.<Boolean>write(h -> blobs.unlink(h, repo.id(), blob.id()))).isFalse();

    assertThat(db.<Optional<BlobRow>>read(h -> blobs.findLinked(h, repo.id(), blob.digest()))).isEmpty();
    assertThat(db.<Optional<BlobRow>>read(h -> blobs.find(h, blob.digest()))).contains(blob);
  }

  @Test
  void findLinked_batchOfOne() {
    RepositoryRow repo = newRepository();
    BlobRow blob = insert(randomDigest(), 10);
    link(repo.id(), blob.id(), 1_000);

    assertThat(db.<List<BlobRow>>read(h -> blobs.findLinked(h, repo.id(), List.of(blob.digest().value())))).containsExactly(blob);
    assertThat(db.<List<BlobRow>>read(h -> blobs.findLinked(h, repo.id(), List.of(randomDigest().value())))).isEmpty();
    assertThat(db.<List<BlobRow>>read(h -> blobs.findLinked(h, repo.id(), List.of()))).isEmpty();
  }

  @Test
  void findLinked_batchOfFiveHundred_returnsExactlyTheLinkedOnes() {
    RepositoryRow repo = newRepository();
    RepositoryRow other = newRepository();
    List<String> asked = new ArrayList<>();
    List<BlobRow> linked = new ArrayList<>();
    db.write(h -> {
      for (int i = 0; i < 500; i++) {
        BlobRow b = blobs.insertIfAbsent(h, randomDigest(), i, now());
        asked.add(b.digest().value());
        if (i % 3 == 0) {
          blobs.link(h, repo.id(), b.id(), now(), 1_000);
          linked.add(b);
        } else if (i % 3 == 1) {
          blobs.link(h, other.id(), b.id(), now(), 1_000);
        } // else: stored but linked nowhere
      }
      return null;
    });

    List<BlobRow> found = db.read(h -> blobs.findLinked(h, repo.id(), asked));

    assertThat(found).hasSize(167).containsExactlyInAnyOrderElementsOf(linked);
  }

  @Test
  void repositoriesHolding_namesThemInByteOrder_upToTheLimit() {
    String ns = unique("hold");
    List<String> names = new ArrayList<>(List.of(ns + "/a", ns + "/a-b", ns + "/a.b", ns + "/a_b", ns + "/a0",
        ns + "/ab", ns + "/a/b", ns + "-x/y", ns + "_x/y"));
    BlobRow blob = insert(randomDigest(), 10);
    for (String name : names) {
      RepositoryRow repo = db.write(h -> repositories.create(h, RepositoryName.parse(name), now()));
      link(repo.id(), blob.id(), 1_000);
    }
    names.sort(null);

    assertThat(db.<List<String>>read(h -> blobs.repositoriesHolding(h, blob.digest(), 100))).containsExactlyElementsOf(names);
    assertThat(db.<List<String>>read(h -> blobs.repositoriesHolding(h, blob.digest(), 3))).containsExactlyElementsOf(
        names.subList(0, 3));
    assertThat(db.<List<String>>read(h -> blobs.repositoriesHolding(h, randomDigest(), 3))).isEmpty();
  }
}
