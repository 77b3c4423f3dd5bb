package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.RepositoryName;
import dev.berth.server.access.Principal;
import dev.berth.server.access.RepositoryCreationHook;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.testing.Databases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RepositoryStore} and {@link Repositories#ensure} on every database. */
abstract class RepositoryStoreContract extends RegistryContract {
  /** Records each committed creation in the audit log, so a creation run twice (or rolled back) shows. */
  private final RepositoryCreationHook countingHook = (h, id, name, creator) ->
      h.createUpdate("INSERT INTO audit_log (kind, repository_name, created_ms) VALUES ('test_created', :n, 0)")
          .bind("n", name.value())
          .execute();

  RepositoryStoreContract(Databases.Kind kind) {
    super(kind);
  }

  Repositories service() {
    return new Repositories(db, repositories, Clock.systemUTC(), countingHook);
  }

  Optional<Long> namespaceIdOf(long repositoryId) {
    return db.read(h -> h.createQuery("SELECT namespace_id FROM repository WHERE id = :id")
        .bind("id", repositoryId).mapTo(Long.class).findOne());
  }

  int count(String sql, String name) {
    return db.read(h -> h.createQuery(sql).bind("n", name).mapTo(Integer.class).one());
  }

  @Test
  void create_thenFind_byExactName() {
    RepositoryName name = RepositoryName.parse(unique("ns") + "/app");

    RepositoryRow created = db.write(h -> repositories.create(h, name, now()));

    assertThat(created.name()).isEqualTo(name.value());
    assertThat(db.<Optional<RepositoryRow>>read(h -> repositories.find(h, name))).contains(created);
    assertThat(db.<Optional<RepositoryRow>>read(h -> repositories.find(h, RepositoryName.parse(name.value() + "x")))).isEmpty();
  }

  @Test
  void create_twoRepositoriesInOneNamespace_sharesOneImplicitNamespace() {
    String ns = unique("ns");
    RepositoryRow a = db.write(h -> repositories.create(h, RepositoryName.parse(ns + "/a"), now()));
    RepositoryRow b = db.write(h -> repositories.create(h, RepositoryName.parse(ns + "/b/c"), now()));

    assertThat(namespaceIdOf(a.id())).isPresent().isEqualTo(namespaceIdOf(b.id()));
    assertThat(db.<List<String>>read(h -> h.createQuery("SELECT kind FROM namespace WHERE name = :n").bind("n", ns)
        .mapTo(String.class).list())).containsExactly("implicit");
  }

  @Test
  void create_withoutNamespace_leavesItNull() {
    RepositoryRow solo = db.write(h -> repositories.create(h, RepositoryName.parse(unique("solo")), now()));

    assertThat(namespaceIdOf(solo.id())).isEmpty();
  }

  @Test
  void list_namesRepositoriesInByteOrder_andPagesAfterTheLast() {
    String p = unique("catalog");
    List<String> names = new ArrayList<>(List.of(p + "/a", p + "/a/b", p + "/a-b", p + "/a.b", p + "/a_b",
        p + "/a__b", p + "/a0", p + "/ab", p + "-x/y", p + "--x/y", p + ".x/y", p + "_x/y", p + "0/y", p + "/z"));
    List<String> shuffled = new ArrayList<>(names);
    Collections.shuffle(shuffled, new Random(3));
    for (String n : shuffled) {
      db.write(h -> repositories.create(h, RepositoryName.parse(n), now()));
    }
    names.sort(null);

    assertThat(db.<List<String>>read(h -> repositories.list(h, p, names.size()))).containsExactlyElementsOf(names);
    List<String> paged = new ArrayList<>();
    String after = p;
    while (paged.size() < names.size()) {
      String from = after;
      List<String> page = db.read(h -> repositories.list(h, from, 4));
      assertThat(page).hasSizeBetween(1, 4);
      paged.addAll(page);
      after = page.get(page.size() - 1);
    }
    assertThat(paged.subList(0, names.size())).containsExactlyElementsOf(names);
  }

  @Test
  void ensure_sameNameFromManyThreads_createsItOnce() throws Exception {
    RepositoryName name = RepositoryName.parse(unique("race") + "/app");
    Repositories service = service();

    List<RepositoryRow> rows = concurrently(8, n -> service.ensure(name, Principal.anonymous()));

    assertThat(rows).containsOnly(rows.get(0));
    assertThat(count("SELECT COUNT(*) FROM repository WHERE name = :n", name.value())).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM audit_log WHERE kind = 'test_created' AND repository_name = :n",
        name.value())).as("creation hook runs once").isEqualTo(1);
  }

  @Test
  void ensure_manyRepositoriesOfOneNewNamespaceAtOnce_shareOneNamespace() throws Exception {
    String ns = unique("burst");
    Repositories service = service();

    List<RepositoryRow> rows = concurrently(8,
        n -> service.ensure(RepositoryName.parse(ns + "/r" + n), Principal.anonymous()));

    assertThat(rows).extracting(RepositoryRow::id).doesNotHaveDuplicates();
    assertThat(rows).extracting(r -> namespaceIdOf(r.id()).orElseThrow()).containsOnly(
        namespaceIdOf(rows.get(0).id()).orElseThrow());
    assertThat(count("SELECT COUNT(*) FROM namespace WHERE name = :n", ns)).isEqualTo(1);
  }

  @Test
  void ensure_existingRepository_returnsItWithoutTheHook() {
    RepositoryName name = RepositoryName.parse(unique("again") + "/app");
    Repositories service = service();
    RepositoryRow first = service.ensure(name, Principal.anonymous());

    assertThat(service.ensure(name, Principal.anonymous())).isEqualTo(first);
    assertThat(service.find(name)).contains(first);
    assertThat(count("SELECT COUNT(*) FROM audit_log WHERE kind = 'test_created' AND repository_name = :n",
        name.value())).isEqualTo(1);
  }
}
