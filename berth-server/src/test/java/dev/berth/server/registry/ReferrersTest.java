package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The referrers API (end-12a, end-12b). */
class ReferrersTest {
  static final int PAGE_LIMIT = 3;

  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension(Map.of("CATALOG_PAGE_LIMIT", PAGE_LIMIT));

  private static final String SIG = "application/vnd.example.signature";
  private static final String SBOM = "application/vnd.example.sbom+json";

  private final OciClient oci = registry.client();

  private Response referrers(String repo, Digest subject, String query) {
    return oci.get("/v2/" + repo + "/referrers/" + subject.value() + query);
  }

  /** Every descriptor of the answer to {@code first} and of the pages its links lead to, by digest. */
  private Map<String, JsonNode> byDigest(Response first) {
    Map<String, JsonNode> out = new HashMap<>();
    Response r = first;
    for (int page = 0; page < 20; page++) {
      expect(r, 200).json().path("manifests").forEach(d -> out.put(d.path("digest").asText(), d));
      String next = TagListTest.next(r).orElse(null);
      if (next == null) {
        return out;
      }
      r = oci.get(next);
    }
    throw new AssertionError("referrer paging did not end");
  }

  private static void assertEmptyIndex(Response r) {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).contains(Images.OCI_INDEX);
    JsonNode index = r.json();
    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.path("mediaType").asText()).isEqualTo(Images.OCI_INDEX);
    assertThat(index.path("manifests").isArray()).isTrue();
    assertThat(index.path("manifests").size()).isZero();
  }

  @Test
  void referrers_listEachWithArtifactTypeAndAnnotations() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    Images.Image signature = Images.artifact(SIG).subject(subject)
        .annotation("org.opencontainers.image.created", "2026-01-01T00:00:00Z").annotation("x", "y").build();
    Images.Image plainImage = Images.oci().subject(subject).build(); // no artifactType: the config type counts
    Images.Image typedIndex = Images.index().artifactType(SBOM).subject(subject).annotation("k", "v").build();
    Images.Image untypedIndex = Images.index().subject(subject).build();
    for (Images.Image referrer : List.of(signature, plainImage, typedIndex, untypedIndex)) {
      expect(oci.push(repo, referrer.digest().value(), referrer), 201);
    }

    Response r = referrers(repo, subject.digest(), "");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).contains(Images.OCI_INDEX);
    assertThat(r.header("OCI-Filters-Applied")).isEmpty();
    JsonNode index = r.json();
    assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.path("mediaType").asText()).isEqualTo(Images.OCI_INDEX);
    Map<String, JsonNode> found = byDigest(r);
    assertThat(found).containsOnlyKeys(signature.digest().value(), plainImage.digest().value(),
        typedIndex.digest().value(), untypedIndex.digest().value());

    JsonNode sig = found.get(signature.digest().value());
    assertThat(sig.path("mediaType").asText()).isEqualTo(Images.OCI_MANIFEST);
    assertThat(sig.path("size").asLong()).isEqualTo(signature.size());
    assertThat(sig.path("artifactType").asText()).isEqualTo(SIG);
    assertThat(sig.path("annotations").path("org.opencontainers.image.created").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(sig.path("annotations").path("x").asText()).isEqualTo("y");
    assertThat(found.get(plainImage.digest().value()).path("artifactType").asText()).isEqualTo(Images.OCI_CONFIG);
    assertThat(found.get(plainImage.digest().value()).has("annotations")).isFalse();
    JsonNode typed = found.get(typedIndex.digest().value());
    assertThat(typed.path("mediaType").asText()).isEqualTo(Images.OCI_INDEX);
    assertThat(typed.path("artifactType").asText()).isEqualTo(SBOM);
    assertThat(typed.path("annotations").path("k").asText()).isEqualTo("v");
    assertThat(found.get(untypedIndex.digest().value()).has("artifactType")).isFalse();
  }

  @Test
  void filterByArtifactType_returnsOnlyMatches_withFiltersAppliedHeader() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    Images.Image sig = Images.artifact(SIG).subject(subject).build();
    Images.Image sbom = Images.artifact(SBOM).subject(subject).build();
    expect(oci.push(repo, sig.digest().value(), sig), 201);
    expect(oci.push(repo, sbom.digest().value(), sbom), 201);

    Response r = referrers(repo, subject.digest(), "?artifactType=" + SBOM.replace("+", "%2B"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("OCI-Filters-Applied")).contains("artifactType");
    assertThat(byDigest(r)).containsOnlyKeys(sbom.digest().value());
  }

  @Test
  void filterMatchingNothing_isAnEmptyIndexWithFiltersAppliedHeader() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    Images.Image sig = Images.artifact(SIG).subject(subject).build();
    expect(oci.push(repo, sig.digest().value(), sig), 201);

    Response r = referrers(repo, subject.digest(), "?artifactType=application/vnd.none");

    assertEmptyIndex(r);
    assertThat(r.header("OCI-Filters-Applied")).contains("artifactType");
  }

  @Test
  void unknownSubject_isAnEmptyIndexNot404() {
    String repo = registry.repo("ref");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    assertEmptyIndex(referrers(repo, Digest.sha256(Images.randomBytes(8)), ""));
  }

  @Test
  void unknownRepository_isAnEmptyIndex() {
    assertEmptyIndex(referrers(registry.repo("none"), Digest.sha256(Images.randomBytes(8)), ""));
  }

  @Test
  void badDigest_is400DigestInvalid() {
    String repo = registry.repo("ref");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    for (String digest : new String[] {"sha256:abc", "latest", "md5:d41d8cd98f00b204e9800998ecf8427e",
        "sha256:" + "G".repeat(64)}) {
      assertOciError(oci.get("/v2/" + repo + "/referrers/" + digest), 400, "DIGEST_INVALID");
    }
  }

  @Test
  void referrerPushedBeforeItsSubject_isListed() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    Images.Image sig = Images.artifact(SIG).subject(subject).build();
    expect(oci.push(repo, sig.digest().value(), sig), 201);

    assertThat(byDigest(referrers(repo, subject.digest(), ""))).containsOnlyKeys(sig.digest().value());
    expect(oci.push(repo, "v1", subject), 201);
    assertThat(byDigest(referrers(repo, subject.digest(), ""))).containsOnlyKeys(sig.digest().value());
  }

  @Test
  void deletedReferrer_isNoLongerListed() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    Images.Image keep = Images.artifact(SIG).subject(subject).build();
    Images.Image drop = Images.artifact(SIG).subject(subject).build();
    expect(oci.push(repo, keep.digest().value(), keep), 201);
    expect(oci.push(repo, drop.digest().value(), drop), 201);

    expect(oci.delete("/v2/" + repo + "/manifests/" + drop.digest().value()), 202);

    assertThat(byDigest(referrers(repo, subject.digest(), ""))).containsOnlyKeys(keep.digest().value());
  }

  @Test
  void referrersOfAnotherRepository_areNotListed() {
    String a = registry.repo("ref");
    String b = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(a, "v1", subject), 201);
    expect(oci.push(b, "v1", subject), 201);
    Images.Image sig = Images.artifact(SIG).subject(subject).build();
    expect(oci.push(a, sig.digest().value(), sig), 201);

    assertEmptyIndex(referrers(b, subject.digest(), ""));
  }

  @Test
  void sha512Subject_isFound() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().algorithm(DigestAlgorithm.SHA512).build();
    expect(oci.push(repo, subject.digest().value(), subject), 201);
    Images.Image sig = Images.artifact(SIG).subject(subject).build();

    Response pushed = oci.push(repo, sig.digest().value(), sig);

    assertThat(pushed.header("OCI-Subject")).contains(subject.digest().value());
    assertThat(byDigest(referrers(repo, subject.digest(), ""))).containsOnlyKeys(sig.digest().value());
  }

  @Test
  void manyReferrers_arePagedWithLinksThatCollectEveryOne() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < PAGE_LIMIT * 2 + 1; i++) {
      Images.Image sig = Images.artifact(i % 2 == 0 ? SIG : SBOM).subject(subject).build();
      expect(oci.push(repo, sig.digest().value(), sig), 201);
      expected.add(sig.digest().value());
    }

    List<String> collected = new ArrayList<>();
    String target = "/v2/" + repo + "/referrers/" + subject.digest().value();
    for (int page = 0; target != null && page < 20; page++) {
      Response r = expect(oci.get(target), 200);
      assertThat(r.json().path("manifests").size()).isLessThanOrEqualTo(PAGE_LIMIT);
      r.json().path("manifests").forEach(d -> collected.add(d.path("digest").asText()));
      target = TagListTest.next(r).orElse(null);
    }

    assertThat(target).isNull();
    assertThat(collected).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void filteredPages_keepTheFilterInTheirLinks() {
    String repo = registry.repo("ref");
    Images.Image subject = Images.oci().build();
    expect(oci.push(repo, "v1", subject), 201);
    List<String> sboms = new ArrayList<>();
    for (int i = 0; i < PAGE_LIMIT * 2; i++) {
      Images.Image sbom = Images.artifact(SBOM).subject(subject).build();
      Images.Image sig = Images.artifact(SIG).subject(subject).build();
      expect(oci.push(repo, sbom.digest().value(), sbom), 201);
      expect(oci.push(repo, sig.digest().value(), sig), 201);
      sboms.add(sbom.digest().value());
    }

    List<String> collected = new ArrayList<>();
    String target = "/v2/" + repo + "/referrers/" + subject.digest().value() + "?artifactType="
        + SBOM.replace("+", "%2B");
    for (int page = 0; target != null && page < 20; page++) {
      Response r = expect(oci.get(target), 200);
      assertThat(r.header("OCI-Filters-Applied")).contains("artifactType");
      r.json().path("manifests").forEach(d -> {
        assertThat(d.path("artifactType").asText()).isEqualTo(SBOM);
        collected.add(d.path("digest").asText());
      });
      target = TagListTest.next(r).orElse(null);
    }

    assertThat(collected).containsExactlyInAnyOrderElementsOf(sboms);
  }
}
