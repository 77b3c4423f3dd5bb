package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertHeadStatus;
import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Images;
import dev.berth.server.testing.MetadataDb;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tag and manifest DELETE (end-9), and the tag history rows that moves and deletes leave. */
class DeleteTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  private Response deleteManifest(String repo, String ref) {
    return oci.delete("/v2/" + repo + "/manifests/" + ref);
  }

  private List<String> tags(String repo) {
    List<String> out = new ArrayList<>();
    expect(oci.get("/v2/" + repo + "/tags/list"), 200).json().path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  @Test
  void deleteTag_is202_tagIs404_manifestStaysReachableByDigest() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "doomed", image), 201);
    expect(oci.pushManifest(repo, "kept", image.mediaType(), image.bytes()), 201);

    Response r = deleteManifest(repo, "doomed");

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Docker-Distribution-API-Version")).contains("registry/2.0");
    assertOciError(oci.getManifest(repo, "doomed"), 404, "MANIFEST_UNKNOWN");
    assertHeadStatus(oci.headManifest(repo, "doomed"), 404);
    assertThat(expect(oci.getManifest(repo, image.digest().value()), 200).body()).isEqualTo(image.bytes());
    assertThat(expect(oci.getManifest(repo, "kept"), 200).body()).isEqualTo(image.bytes());
    assertThat(tags(repo)).containsExactly("kept");
  }

  @Test
  void deleteManifestByDigest_is202_andEveryTagPointingAtItIs404() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    Images.Image other = Images.oci().build();
    expect(oci.push(repo, "a", image), 201);
    expect(oci.pushManifest(repo, "b", image.mediaType(), image.bytes()), 201);
    expect(oci.pushManifest(repo, "c", image.mediaType(), image.bytes()), 201);
    expect(oci.push(repo, "other", other), 201);

    Response r = deleteManifest(repo, image.digest().value());

    assertThat(r.status()).isEqualTo(202);
    for (String tag : List.of("a", "b", "c")) {
      assertOciError(oci.getManifest(repo, tag), 404, "MANIFEST_UNKNOWN");
    }
    assertOciError(oci.getManifest(repo, image.digest().value()), 404, "MANIFEST_UNKNOWN");
    assertHeadStatus(oci.headManifest(repo, image.digest().value()), 404);
    assertThat(expect(oci.getManifest(repo, "other"), 200).body()).isEqualTo(other.bytes());
    assertThat(tags(repo)).containsExactly("other");
  }

  @Test
  void deleteAfterPulls_isNotAnsweredFromTheManifestCache() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "warm", image), 201);
    expect(oci.pushManifest(repo, "other", image.mediaType(), image.bytes()), 201);
    for (int i = 0; i < 3; i++) {
      expect(oci.getManifest(repo, "warm"), 200);
      expect(oci.getManifest(repo, "other"), 200);
      expect(oci.headManifest(repo, image.digest().value()), 200);
    }

    expect(deleteManifest(repo, "warm"), 202);
    assertOciError(oci.getManifest(repo, "warm"), 404, "MANIFEST_UNKNOWN");
    expect(oci.getManifest(repo, "other"), 200);
    expect(deleteManifest(repo, image.digest().value()), 202);

    assertOciError(oci.getManifest(repo, "other"), 404, "MANIFEST_UNKNOWN");
    assertHeadStatus(oci.headManifest(repo, image.digest().value()), 404);
  }

  @Test
  void deleteManifest_leavesItsBlobsInPlace() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);

    expect(deleteManifest(repo, image.digest().value()), 202);

    for (Images.Blob blob : image.blobs()) {
      assertThat(expect(oci.getBlob(repo, blob.digest()), 200).body()).isEqualTo(blob.bytes());
    }
  }

  @Test
  void deleteUnknownTag_is404ManifestUnknown() {
    String repo = registry.repo("delete");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    assertOciError(deleteManifest(repo, "nope"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void deleteUnknownDigest_is404ManifestUnknown() {
    String repo = registry.repo("delete");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    assertOciError(deleteManifest(repo, Images.oci().build().digest().value()), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void deleteTwice_isThen404() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);
    expect(deleteManifest(repo, image.digest().value()), 202);

    assertOciError(deleteManifest(repo, image.digest().value()), 404, "MANIFEST_UNKNOWN");
    assertOciError(deleteManifest(repo, "v1"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void deleteInUnknownRepository_is404NameUnknown() {
    assertOciError(deleteManifest(registry.repo("none"), "latest"), 404, "NAME_UNKNOWN");
  }

  @Test
  void deleteWithInvalidReference_is400() {
    String repo = registry.repo("delete");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    assertOciError(deleteManifest(repo, "sha256:beef"), 400, "DIGEST_INVALID");
    assertOciError(deleteManifest(repo, ".bad"), 400, "TAG_INVALID");
  }

  @Test
  void deletedManifest_canBePushedAgain() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);
    expect(deleteManifest(repo, image.digest().value()), 202);

    expect(oci.pushManifest(repo, "v2", image.mediaType(), image.bytes()), 201);

    assertThat(expect(oci.getManifest(repo, "v2"), 200).body()).isEqualTo(image.bytes());
    assertThat(expect(oci.getManifest(repo, image.digest().value()), 200).body()).isEqualTo(image.bytes());
    assertOciError(oci.getManifest(repo, "v1"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void deletedTag_canBePushedAgain() {
    String repo = registry.repo("delete");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);
    expect(deleteManifest(repo, "v1"), 202);

    expect(oci.pushManifest(repo, "v1", image.mediaType(), image.bytes()), 201);

    assertThat(expect(oci.getManifest(repo, "v1"), 200).body()).isEqualTo(image.bytes());
  }

  @Test
  void tagHistory_movesAndDeletesCloseRowsWithLifetimeEnd() {
    String repo = registry.repo("history");
    Images.Image first = Images.oci().build();
    Images.Image second = Images.oci().build();
    Images.Image third = Images.oci().build();
    long start = System.currentTimeMillis();
    expect(oci.push(repo, "app", first), 201);
    expect(oci.push(repo, "app", second), 201); // move
    expect(oci.push(repo, "app", third), 201); // move
    expect(oci.push(repo, "gone", first), 201);
    expect(deleteManifest(repo, "gone"), 202); // tag delete
    expect(oci.push(repo, "viaDigest", second), 201);
    expect(deleteManifest(repo, second.digest().value()), 202); // manifest delete closes its tags
    long end = System.currentTimeMillis();

    List<Map<String, Object>> rows = MetadataDb.query(registry.registry().dataDir(), """
        SELECT t.name, m.digest, t.lifetime_start_ms, t.lifetime_end_ms
        FROM tag t JOIN repository r ON r.id = t.repository_id JOIN manifest m ON m.id = t.manifest_id
        WHERE r.name = ? ORDER BY t.id""", repo);

    assertThat(rows).extracting(row -> row.get("name") + "@" + row.get("digest") + ":"
            + (row.get("lifetime_end_ms") == null ? "open" : "closed"))
        .containsExactly(
            "app@" + first.digest() + ":closed",
            "app@" + second.digest() + ":closed",
            "app@" + third.digest() + ":open",
            "gone@" + first.digest() + ":closed",
            "viaDigest@" + second.digest() + ":closed");
    for (Map<String, Object> row : rows) {
      long started = ((Number) row.get("lifetime_start_ms")).longValue();
      assertThat(started).isBetween(start, end);
      if (row.get("lifetime_end_ms") instanceof Number ended) {
        assertThat(ended.longValue()).isBetween(started, end);
      }
    }
    assertThat(MetadataDb.number(registry.registry().dataDir(), """
        SELECT COUNT(*) FROM live_tag l JOIN repository r ON r.id = l.repository_id WHERE r.name = ?""", repo))
        .isEqualTo(1);
    assertThat(tags(repo)).containsExactly("app");
  }

  @Test
  void tagHistory_repushingTheSameTargetOpensNoNewRow() {
    String repo = registry.repo("history");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "same", image), 201);
    expect(oci.pushManifest(repo, "same", image.mediaType(), image.bytes()), 201);

    assertThat(MetadataDb.number(registry.registry().dataDir(), """
        SELECT COUNT(*) FROM tag t JOIN repository r ON r.id = t.repository_id WHERE r.name = ?""", repo))
        .isEqualTo(1);
  }

  @Test
  void deleteMethod_onTagsList_is405WithAllow() {
    String repo = registry.repo("delete");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    Response r = oci.delete("/v2/" + repo + "/tags/list");

    assertOciError(r, 405, "UNSUPPORTED");
    assertThat(r.header("Allow")).contains("GET");
  }
}
