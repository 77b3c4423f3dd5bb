package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.registry.ManifestStore.NewManifest;
import dev.berth.server.registry.Rows.ManifestRow;
import dev.berth.server.registry.Rows.ReferrerRow;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.testing.Databases;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link ManifestStore} on every database: exact bytes, revival, edges and referrers. */
abstract class ManifestStoreContract extends RegistryContract {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  ManifestStoreContract(Databases.Kind kind) {
    super(kind);
  }

  static byte[] json() {
    return ("{\"n\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  Map.Entry<Long, Boolean> upsert(NewManifest m) {
    return db.write(h -> manifests.upsert(h, m, now()));
  }

  static NewManifest plain(long repositoryId, byte[] content) {
    return new NewManifest(repositoryId, Digest.sha256(content), OCI_MANIFEST, null, null, null, content);
  }

  Optional<ManifestRow> byDigest(long repositoryId, Digest digest) {
    return db.read(h -> manifests.findByDigest(h, repositoryId, digest));
  }

  boolean markDeleted(long id) {
    return db.write(h -> manifests.markDeleted(h, id, now()));
  }

  @Test
  void upsert_newManifest_isNewAndFoundByDigestWithItsBytesAndMediaType() {
    RepositoryRow repo = newRepository();
    byte[] content = json();
    NewManifest m = new NewManifest(repo.id(), Digest.sha256(content),
        "application/vnd.docker.distribution.manifest.v2+json", null, null, null, content);

    Map.Entry<Long, Boolean> saved = upsert(m);

    assertThat(saved.getValue()).isTrue();
    ManifestRow row = byDigest(repo.id(), m.digest()).orElseThrow();
    assertThat(row.id()).isEqualTo(saved.getKey());
    assertThat(row.digest()).isEqualTo(m.digest());
    assertThat(row.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(row.content()).isEqualTo(content);
  }

  @Test
  void upsert_sameDigestAgain_returnsTheSameRowAsNotNew() {
    RepositoryRow repo = newRepository();
    NewManifest m = plain(repo.id(), json());
    long id = upsert(m).getKey();

    assertThat(upsert(m)).isEqualTo(Map.entry(id, false));
  }

  @Test
  void upsert_sameDigestInAnotherRepository_isAnotherRow() {
    RepositoryRow a = newRepository();
    RepositoryRow b = newRepository();
    byte[] content = json();

    long inA = upsert(plain(a.id(), content)).getKey();
    Map.Entry<Long, Boolean> inB = upsert(plain(b.id(), content));

    assertThat(inB.getValue()).isTrue();
    assertThat(inB.getKey()).isNotEqualTo(inA);
  }

  @Test
  void markDeleted_hidesTheManifest_andIsFalseTheSecondTime() {
    RepositoryRow repo = newRepository();
    NewManifest m = plain(repo.id(), json());
    long id = upsert(m).getKey();

    assertThat(markDeleted(id)).isTrue();
    assertThat(markDeleted(id)).isFalse();
    assertThat(byDigest(repo.id(), m.digest())).isEmpty();
    assertThat(db.<Map<String, Long>>read(h -> manifests.findIds(h, repo.id(), List.of(m.digest().value())))).isEmpty();
  }

  @Test
  void upsert_afterDelete_revivesTheSameRow() {
    RepositoryRow repo = newRepository();
    NewManifest m = plain(repo.id(), json());
    long id = upsert(m).getKey();
    markDeleted(id);

    assertThat(upsert(m)).isEqualTo(Map.entry(id, false));
    assertThat(byDigest(repo.id(), m.digest())).map(ManifestRow::id).contains(id);
  }

  @Test
  void content_ofFourMebibytesOfEveryByteValue_comesBackExactly() {
    RepositoryRow repo = newRepository();
    byte[] content = new byte[4 * 1024 * 1024];
    new Random(42).nextBytes(content);
    for (int i = 0; i < 256; i++) {
      content[i] = (byte) i; // NUL, invalid UTF-8, all of it
    }
    NewManifest m = plain(repo.id(), content);

    upsert(m);

    assertThat(byDigest(repo.id(), m.digest()).orElseThrow().content()).isEqualTo(content);
    long size = db.read(h -> h.createQuery("SELECT size FROM manifest WHERE repository_id = :r")
        .bind("r", repo.id()).mapTo(Long.class).one());
    assertThat(size).isEqualTo(content.length);
  }

  @Test
  void content_withBomNulAndTrailingWhitespace_isNotNormalised() {
    RepositoryRow repo = newRepository();
    byte[] content = "\uFEFF{\"a\":\"\u0000é\"}  \r\n\t".getBytes(StandardCharsets.UTF_8);
    NewManifest m = plain(repo.id(), content);

    upsert(m);

    assertThat(byDigest(repo.id(), m.digest()).orElseThrow().content()).isEqualTo(content);
  }

  @Test
  void findByTag_followsTheLiveTag() {
    RepositoryRow repo = newRepository();
    NewManifest first = plain(repo.id(), json());
    NewManifest second = plain(repo.id(), json());
    long firstId = upsert(first).getKey();
    long secondId = upsert(second).getKey();
    db.write(h -> {
      tags.move(h, repo.id(), "latest", firstId, now());
      return null;
    });
    assertThat(db.<Optional<ManifestRow>>read(h -> manifests.findByTag(h, repo.id(), "latest"))).map(ManifestRow::digest)
        .contains(first.digest());

    db.write(h -> {
      tags.move(h, repo.id(), "latest", secondId, now());
      return null;
    });

    assertThat(db.<Optional<ManifestRow>>read(h -> manifests.findByTag(h, repo.id(), "latest"))).map(ManifestRow::digest)
        .contains(second.digest());
    assertThat(db.<Optional<ManifestRow>>read(h -> manifests.findByTag(h, repo.id(), "Latest"))).isEmpty();
  }

  @Test
  void findIds_returnsOnlyLiveManifestsOfTheRepository() {
    RepositoryRow repo = newRepository();
    RepositoryRow other = newRepository();
    NewManifest kept = plain(repo.id(), json());
    NewManifest deleted = plain(repo.id(), json());
    byte[] foreign = json();
    long keptId = upsert(kept).getKey();
    markDeleted(upsert(deleted).getKey());
    upsert(plain(other.id(), foreign));

    Map<String, Long> ids = db.read(h -> manifests.findIds(h, repo.id(),
        List.of(kept.digest().value(), deleted.digest().value(), Digest.sha256(foreign).value())));

    assertThat(ids).containsExactly(Map.entry(kept.digest().value(), keptId));
    assertThat(db.<Map<String, Long>>read(h -> manifests.findIds(h, repo.id(), List.of()))).isEmpty();
  }

  @Test
  void edges_toBlobsAndChildren_areRecorded() {
    RepositoryRow repo = newRepository();
    long child1 = upsert(plain(repo.id(), json())).getKey();
    long child2 = upsert(plain(repo.id(), json())).getKey();
    long parent = upsert(plain(repo.id(), json())).getKey();
    long image = upsert(plain(repo.id(), json())).getKey();
    List<Long> blobIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long blob = db.write(h -> blobs.insertIfAbsent(h, Digest.sha256(json()), 10, now())).id();
      blobIds.add(blob);
    }

    db.write(h -> {
      manifests.addBlobEdges(h, image, blobIds);
      manifests.addChildEdges(h, parent, List.of(child1, child2));
      manifests.addBlobEdges(h, parent, List.of());
      manifests.addChildEdges(h, image, List.of());
      return null;
    });

    assertThat(db.<Set<Long>>read(h -> h.createQuery("SELECT blob_id FROM manifest_blob WHERE manifest_id = :m")
        .bind("m", image).mapTo(Long.class).set())).isEqualTo(Set.copyOf(blobIds));
    assertThat(db.<Set<Long>>read(h -> h.createQuery("SELECT child_id FROM manifest_child WHERE manifest_id = :m")
        .bind("m", parent).mapTo(Long.class).set())).containsExactlyInAnyOrder(child1, child2);
    assertThat(db.<Integer>read(h -> h.createQuery("SELECT COUNT(*) FROM manifest_blob WHERE manifest_id = :m")
        .bind("m", parent).mapTo(Integer.class).one())).isZero();
  }

  NewManifest referrer(long repositoryId, Digest subject, String artifactType, String annotations) {
    byte[] content = json();
    return new NewManifest(repositoryId, Digest.sha256(content), OCI_MANIFEST, artifactType, subject.value(),
        annotations, content);
  }

  List<ReferrerRow> referrers(long repositoryId, Digest subject, Optional<String> type, String after, int limit) {
    return db.read(h -> manifests.referrers(h, repositoryId, subject, type, after, limit));
  }

  @Test
  void referrers_withoutFilter_areTheLiveReferrersOfTheSubjectInDigestOrder() {
    RepositoryRow repo = newRepository();
    Digest subject = Digest.sha256(json());
    List<NewManifest> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(referrer(repo.id(), subject, i % 2 == 0 ? "application/vnd.example.sbom" : null,
          i == 0 ? "{\"org.opencontainers.image.created\":\"2024-01-01T00:00:00Z\"}" : null));
    }
    made.forEach(this::upsert);
    long deleted = upsert(referrer(repo.id(), subject, "application/vnd.example.sbom", null)).getKey();
    markDeleted(deleted);
    upsert(referrer(repo.id(), Digest.sha256(json()), "application/vnd.example.sbom", null));

    List<ReferrerRow> found = referrers(repo.id(), subject, Optional.empty(), "", 100);

    assertThat(found).extracting(r -> r.digest().value())
        .containsExactlyElementsOf(made.stream().map(m -> m.digest().value()).sorted().toList());
    ReferrerRow annotated = found.stream().filter(r -> r.digest().equals(made.get(0).digest())).findFirst()
        .orElseThrow();
    assertThat(annotated.artifactType()).isEqualTo("application/vnd.example.sbom");
    assertThat(annotated.annotationsJson()).isEqualTo(made.get(0).annotationsJson());
    assertThat(annotated.mediaType()).isEqualTo(OCI_MANIFEST);
    assertThat(annotated.size()).isEqualTo(made.get(0).content().length);
    ReferrerRow bare = found.stream().filter(r -> r.digest().equals(made.get(1).digest())).findFirst()
        .orElseThrow();
    assertThat(bare.artifactType()).isNull();
    assertThat(bare.annotationsJson()).isNull();
  }

  @Test
  void referrers_filteredByArtifactType_matchItExactly() {
    RepositoryRow repo = newRepository();
    Digest subject = Digest.sha256(json());
    NewManifest sbom = referrer(repo.id(), subject, "application/vnd.example.sbom", null);
    NewManifest sig = referrer(repo.id(), subject, "application/vnd.example.signature", null);
    NewManifest untyped = referrer(repo.id(), subject, null, null);
    List.of(sbom, sig, untyped).forEach(this::upsert);

    assertThat(referrers(repo.id(), subject, Optional.of("application/vnd.example.sbom"), "", 100))
        .extracting(ReferrerRow::digest).containsExactly(sbom.digest());
    assertThat(referrers(repo.id(), subject, Optional.of("application/vnd.example"), "", 100)).isEmpty();
  }

  @Test
  void referrers_filteredByArtifactType_respectCase() {
    RepositoryRow repo = newRepository();
    Digest subject = Digest.sha256(json());
    NewManifest lower = referrer(repo.id(), subject, "application/vnd.example.sbom", null);
    NewManifest upper = referrer(repo.id(), subject, "application/vnd.Example.SBOM", null);
    upsert(lower);
    upsert(upper);

    assertThat(referrers(repo.id(), subject, Optional.of("application/vnd.Example.SBOM"), "", 100))
        .extracting(ReferrerRow::digest).containsExactly(upper.digest());
    assertThat(referrers(repo.id(), subject, Optional.of("application/vnd.example.sbom"), "", 100))
        .extracting(ReferrerRow::digest).containsExactly(lower.digest());
  }

  @Test
  void referrers_pageByDigest() {
    RepositoryRow repo = newRepository();
    Digest subject = Digest.sha256(json());
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      NewManifest m = referrer(repo.id(), subject, "application/vnd.example.sbom", null);
      upsert(m);
      all.add(m.digest().value());
    }
    all.sort(null);

    List<String> paged = new ArrayList<>();
    String after = "";
    while (true) {
      List<ReferrerRow> page = referrers(repo.id(), subject, Optional.of("application/vnd.example.sbom"), after, 3);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page.size()).isLessThanOrEqualTo(3);
      page.forEach(r -> paged.add(r.digest().value()));
      after = paged.get(paged.size() - 1);
    }

    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(referrers(repo.id(), subject, Optional.empty(), all.get(5), 10)).extracting(r -> r.digest().value())
        .containsExactly(all.get(6));
  }

  @Test
  void upsert_sameDigestFromManyThreads_makesOneRow_andOneOfThemNew() throws Exception {
    RepositoryRow repo = newRepository();
    NewManifest m = plain(repo.id(), json());

    List<Map.Entry<Long, Boolean>> results = concurrently(8, n -> upsert(m));

    assertThat(results).extracting(Map.Entry::getKey).containsOnly(results.get(0).getKey());
    assertThat(results).filteredOn(Map.Entry::getValue).hasSize(1);
    assertThat(db.<Integer>read(h -> h.createQuery("SELECT COUNT(*) FROM manifest WHERE repository_id = :r")
        .bind("r", repo.id()).mapTo(Integer.class).one())).isEqualTo(1);
  }
}
