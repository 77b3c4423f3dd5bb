package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.registry.Rows.LiveTag;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.testing.Databases;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link TagStore} on every database: tags as history rows with one live row per (repository, tag). */
abstract class TagStoreContract extends RegistryContract {

  TagStoreContract(Databases.Kind kind) {
    super(kind);
  }

  /** One row of a tag's history. */
  record History(long id, long manifestId, long start, Long end) {}

  List<History> history(long repositoryId, String tag) {
    return db.read(h -> h.createQuery("""
            SELECT id, manifest_id, lifetime_start_ms, lifetime_end_ms FROM tag
            WHERE repository_id = :repo AND name = :tag ORDER BY id
            """)
        .bind("repo", repositoryId)
        .bind("tag", tag)
        .map((rs, ctx) -> {
          long end = rs.getLong("lifetime_end_ms");
          Long endOrNull = rs.wasNull() ? null : end;
          return new History(rs.getLong("id"), rs.getLong("manifest_id"), rs.getLong("lifetime_start_ms"),
              endOrNull);
        })
        .list());
  }

  Optional<LiveTag> live(long repositoryId, String tag) {
    return db.read(h -> tags.live(h, repositoryId, tag));
  }

  void move(long repositoryId, String tag, long manifestId, long at) {
    db.write(h -> {
      tags.move(h, repositoryId, tag, manifestId, at);
      return null;
    });
  }

  boolean delete(long repositoryId, String tag, long at) {
    return db.write(h -> tags.delete(h, repositoryId, tag, at));
  }

  List<String> list(long repositoryId, String after, int limit) {
    return db.read(h -> tags.list(h, repositoryId, after, limit));
  }

  @Test
  void move_newTag_opensOneHistoryRowAndTheLiveRow() {
    RepositoryRow repo = newRepository();
    long m = newManifest(repo.id());
    long at = now();

    move(repo.id(), "latest", m, at);

    List<History> rows = history(repo.id(), "latest");
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.manifestId()).isEqualTo(m);
      assertThat(r.start()).isEqualTo(at);
      assertThat(r.end()).isNull();
    });
    assertThat(live(repo.id(), "latest")).contains(new LiveTag(rows.get(0).id(), m));
  }

  @Test
  void move_toTheManifestItAlreadyNames_changesNothing() {
    RepositoryRow repo = newRepository();
    long m = newManifest(repo.id());
    move(repo.id(), "v1", m, now());

    move(repo.id(), "v1", m, now());

    assertThat(history(repo.id(), "v1")).hasSize(1).allSatisfy(r -> assertThat(r.end()).isNull());
  }

  @Test
  void move_toAnotherManifest_closesTheOldRowAtTheMoveAndOpensANewOne() {
    RepositoryRow repo = newRepository();
    long first = newManifest(repo.id());
    long second = newManifest(repo.id());
    long t1 = now();
    long t2 = now();
    long t3 = now();
    move(repo.id(), "v1", first, t1);
    move(repo.id(), "v1", second, t2);
    move(repo.id(), "v1", first, t3);

    assertThat(history(repo.id(), "v1")).extracting(History::manifestId, History::start, History::end)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(first, t1, t2),
            org.assertj.core.groups.Tuple.tuple(second, t2, t3),
            org.assertj.core.groups.Tuple.tuple(first, t3, null));
    assertThat(live(repo.id(), "v1")).map(LiveTag::manifestId).contains(first);
  }

  @Test
  void live_unknownTag_isEmpty() {
    RepositoryRow repo = newRepository();
    assertThat(live(repo.id(), "nope")).isEmpty();
  }

  @Test
  void concurrentMoves_leaveExactlyOneOpenRow_theOneLiveTagNames() throws Exception {
    RepositoryRow repo = newRepository();
    int threads = 8;
    List<Long> targets = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      targets.add(newManifest(repo.id()));
    }

    concurrently(threads, n -> {
      for (int round = 0; round < 6; round++) {
        move(repo.id(), "race", targets.get((n + round) % threads), now());
      }
      return null;
    });

    List<History> rows = history(repo.id(), "race");
    List<History> open = rows.stream().filter(r -> r.end() == null).toList();
    assertThat(open).as("open history rows").hasSize(1);
    assertThat(live(repo.id(), "race")).contains(new LiveTag(open.get(0).id(), open.get(0).manifestId()));
  }

  @Test
  void concurrentMovesAndDeletes_neverLeaveAnOpenRowWithoutItsLiveTag() throws Exception {
    RepositoryRow repo = newRepository();
    long a = newManifest(repo.id());
    long b = newManifest(repo.id());

    concurrently(6, n -> {
      for (int round = 0; round < 6; round++) {
        if (n % 3 == 0) {
          delete(repo.id(), "flip", now());
        } else {
          move(repo.id(), "flip", (n + round) % 2 == 0 ? a : b, now());
        }
      }
      return null;
    });

    List<History> open = history(repo.id(), "flip").stream().filter(r -> r.end() == null).toList();
    Optional<LiveTag> live = live(repo.id(), "flip");
    if (live.isPresent()) {
      assertThat(open).singleElement().isEqualTo(
          new History(live.get().tagId(), live.get().manifestId(), open.get(0).start(), null));
    } else {
      assertThat(open).as("open rows of a deleted tag").isEmpty();
    }
  }

  @Test
  void delete_closesTheLiveRowAndRemovesTheLiveTag() {
    RepositoryRow repo = newRepository();
    long m = newManifest(repo.id());
    move(repo.id(), "gone", m, now());
    long at = now();

    assertThat(delete(repo.id(), "gone", at)).isTrue();

    assertThat(live(repo.id(), "gone")).isEmpty();
    assertThat(history(repo.id(), "gone")).singleElement().extracting(History::end).isEqualTo(at);
    assertThat(list(repo.id(), "", 100)).doesNotContain("gone");
  }

  @Test
  void delete_unknownOrAlreadyDeletedTag_isFalse() {
    RepositoryRow repo = newRepository();
    long m = newManifest(repo.id());
    move(repo.id(), "once", m, now());
    delete(repo.id(), "once", now());

    assertThat(delete(repo.id(), "once", now())).isFalse();
    assertThat(delete(repo.id(), "never", now())).isFalse();
    assertThat(history(repo.id(), "once")).hasSize(1);
  }

  @Test
  void deleteAllFor_endsEveryTagOfTheManifest_andNoOther() {
    RepositoryRow repo = newRepository();
    RepositoryRow other = newRepository();
    long target = newManifest(repo.id());
    long kept = newManifest(repo.id());
    long elsewhere = newManifest(other.id());
    move(repo.id(), "a", target, now());
    move(repo.id(), "b", target, now());
    move(repo.id(), "c", kept, now());
    move(other.id(), "a", elsewhere, now());
    long at = now();

    db.write(h -> {
      tags.deleteAllFor(h, repo.id(), target, at);
      return null;
    });

    assertThat(list(repo.id(), "", 10)).containsExactly("c");
    assertThat(history(repo.id(), "a")).singleElement().extracting(History::end).isEqualTo(at);
    assertThat(history(repo.id(), "b")).singleElement().extracting(History::end).isEqualTo(at);
    assertThat(history(repo.id(), "c")).singleElement().extracting(History::end).isNull();
    assertThat(live(other.id(), "a")).map(LiveTag::manifestId).contains(elsewhere);
  }

  /** Tag characters whose byte order differs from a linguistic collation's: case, punctuation, digits. */
  static final List<String> ODD_TAGS = List.of("A", "a", "_", "Z", "z", "0", "9", "a-b", "a.b", "a_b", "a0", "aa",
      "A-", "A.", "A_", "_x", "__", "v1.10", "v1.9", "v1-rc", "V1", "x".repeat(128));

  @Test
  void list_returnsLiveTagsInByteOrder_whateverTheCharacters() {
    RepositoryRow repo = newRepository();
    long m = newManifest(repo.id());
    List<String> shuffled = new ArrayList<>(ODD_TAGS);
    Collections.shuffle(shuffled, new java.util.Random(7));
    shuffled.forEach(t -> move(repo.id(), t, m, now()));

    List<String> expected = new ArrayList<>(ODD_TAGS);
    Collections.sort(expected); // String order is byte order for ASCII
    assertThat(list(repo.id(), "", 1000)).containsExactlyElementsOf(expected);
  }

  @Test
  void list_pagesAfterTheLastName_withoutGapsOrRepeats() {
    RepositoryRow repo = newRepository();
    long m = newManifest(repo.id());
    ODD_TAGS.forEach(t -> move(repo.id(), t, m, now()));

    List<String> pages = new ArrayList<>();
    String after = "";
    for (int i = 0; i < 100; i++) {
      List<String> page = list(repo.id(), after, 3);
      assertThat(page.size()).isLessThanOrEqualTo(3);
      if (page.isEmpty()) {
        break;
      }
      pages.addAll(page);
      after = page.get(page.size() - 1);
    }

    assertThat(pages).containsExactlyElementsOf(ODD_TAGS.stream().sorted().toList());
    assertThat(list(repo.id(), "a", 2)).containsExactly("a-b", "a.b");
  }

  @Test
  void list_isScopedToTheRepository() {
    RepositoryRow repo = newRepository();
    RepositoryRow other = newRepository();
    move(repo.id(), "mine", newManifest(repo.id()), now());
    move(other.id(), "theirs", newManifest(other.id()), now());

    assertThat(list(repo.id(), "", 10)).containsExactly("mine");
  }
}
