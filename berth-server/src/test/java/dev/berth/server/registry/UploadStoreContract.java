package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.registry.Rows.UploadRow;
import dev.berth.server.storage.UploadId;
import dev.berth.server.testing.Databases;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link UploadStore} on every database: upload sessions and their conditional progress. */
abstract class UploadStoreContract extends RegistryContract {
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  UploadStoreContract(Databases.Kind kind) {
    super(kind);
  }

  UploadRow insert(long repositoryId, DigestAlgorithm algorithm) {
    long created = now();
    UploadRow row = new UploadRow(UploadId.random(), repositoryId, algorithm, 0, EMPTY_SHA256, created);
    db.write(h -> {
      uploads.insert(h, row, created);
      return null;
    });
    return row;
  }

  boolean advance(UploadId id, long expected, long size, String prefix) {
    return db.write(h -> uploads.advance(h, id, expected, size, prefix, now()));
  }

  @Test
  void insert_thenFind_returnsEveryField() {
    RepositoryRow repo = newRepository();
    UploadRow row = insert(repo.id(), DigestAlgorithm.SHA512);

    assertThat(db.<Optional<UploadRow>>read(h -> uploads.find(h, row.id()))).contains(row);
  }

  @Test
  void find_unknownId_isEmpty() {
    assertThat(db.<Optional<UploadRow>>read(h -> uploads.find(h, UploadId.random()))).isEmpty();
  }

  @Test
  void advance_fromTheExpectedSize_recordsTheProgress() {
    RepositoryRow repo = newRepository();
    UploadRow row = insert(repo.id(), DigestAlgorithm.SHA256);

    assertThat(advance(row.id(), 0, 5_000_000_000L, "ab".repeat(32))).isTrue();

    UploadRow now = db.read(h -> uploads.find(h, row.id())).orElseThrow();
    assertThat(now.size()).isEqualTo(5_000_000_000L);
    assertThat(now.prefixDigest()).isEqualTo("ab".repeat(32));
    assertThat(now.createdMs()).isEqualTo(row.createdMs());
  }

  @Test
  void advance_fromAStaleSize_changesNothing() {
    RepositoryRow repo = newRepository();
    UploadRow row = insert(repo.id(), DigestAlgorithm.SHA256);
    advance(row.id(), 0, 10, "01".repeat(32));

    assertThat(advance(row.id(), 0, 20, "02".repeat(32))).isFalse();

    assertThat(db.<Optional<UploadRow>>read(h -> uploads.find(h, row.id()))).get()
        .extracting(UploadRow::size, UploadRow::prefixDigest).containsExactly(10L, "01".repeat(32));
  }

  @Test
  void advance_fromTheSameSizeOnManyThreads_succeedsForExactlyOne() throws Exception {
    RepositoryRow repo = newRepository();
    UploadRow row = insert(repo.id(), DigestAlgorithm.SHA256);

    List<Boolean> won = concurrently(8, n -> advance(row.id(), 0, 100 + n, String.format("%064d", n)));

    assertThat(won).filteredOn(w -> w).hasSize(1);
    int winner = won.indexOf(true);
    assertThat(db.<Optional<UploadRow>>read(h -> uploads.find(h, row.id()))).get().extracting(UploadRow::size).isEqualTo(100L + winner);
  }

  @Test
  void delete_removesTheSessionOnce() {
    RepositoryRow repo = newRepository();
    UploadRow row = insert(repo.id(), DigestAlgorithm.SHA256);

    assertThat(db.<Boolean>write(h -> uploads.delete(h, row.id()))).isTrue();
    assertThat(db.<Boolean>write(h -> uploads.delete(h, row.id()))).isFalse();
    assertThat(db.<Optional<UploadRow>>read(h -> uploads.find(h, row.id()))).isEmpty();
    assertThat(advance(row.id(), 0, 1, EMPTY_SHA256)).isFalse();
  }
}
