package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tag listing (end-8a, end-8b): byte order, {@code n}, {@code last}, {@code Link}, the page bound. */
class TagListTest {
  static final int PAGE_LIMIT = 10;

  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension(Map.of("CATALOG_PAGE_LIMIT", PAGE_LIMIT));

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  private final OciClient oci = registry.client();

  /** A repository with one manifest under each of {@code tags}. */
  private String repoWithTags(List<String> tags) {
    String repo = registry.repo("tags");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);
    for (String tag : tags) {
      expect(oci.pushManifest(repo, tag, image.mediaType(), image.bytes()), 201);
    }
    return repo;
  }

  private static List<String> tagsOf(Response r) {
    List<String> out = new ArrayList<>();
    r.json().path("tags").forEach(t -> out.add(t.asText()));
    return out;
  }

  static Optional<String> next(Response r) {
    return r.header("Link").map(link -> {
      Matcher m = NEXT.matcher(link);
      assertThat(m.find()).as("Link header %s", link).isTrue();
      return m.group(1);
    });
  }

  @Test
  void list_isInByteOrder_withTheRepositoryName() {
    List<String> tags = new ArrayList<>(List.of("b", "a", "B", "A", "_x", "a-b", "a.b", "a_b", "9", "0"));
    String repo = repoWithTags(tags);

    Response r = oci.get("/v2/" + repo + "/tags/list");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).contains("application/json");
    assertThat(r.json().path("name").asText()).isEqualTo(repo);
    Collections.sort(tags);
    assertThat(tagsOf(r)).containsExactlyElementsOf(tags)
        .containsExactly("0", "9", "A", "B", "_x", "a", "a-b", "a.b", "a_b", "b");
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void n_limitsThePageAndLinksToTheNext() {
    String repo = repoWithTags(List.of("t1", "t2", "t3", "t4", "t5"));

    Response r = oci.get("/v2/" + repo + "/tags/list?n=2");

    assertThat(tagsOf(r)).containsExactly("t1", "t2");
    assertThat(next(r)).hasValueSatisfying(link -> {
      assertThat(link).startsWith("/v2/" + repo + "/tags/list?");
      assertThat(link).contains("n=2").contains("last=t2");
    });
  }

  @Test
  void last_startsAfterTheGivenTag() {
    String repo = repoWithTags(List.of("t1", "t2", "t3", "t4", "t5"));

    assertThat(tagsOf(oci.get("/v2/" + repo + "/tags/list?last=t2"))).containsExactly("t3", "t4", "t5");
    assertThat(tagsOf(oci.get("/v2/" + repo + "/tags/list?n=1&last=t3"))).containsExactly("t4");
    assertThat(tagsOf(oci.get("/v2/" + repo + "/tags/list?last=t25"))).containsExactly("t3", "t4", "t5");
    assertThat(tagsOf(oci.get("/v2/" + repo + "/tags/list?last=t5"))).isEmpty();
  }

  @Test
  void followingLinks_collectsEveryTagOnce() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      all.add(String.format("v%03d", i));
    }
    String repo = repoWithTags(all);

    List<String> collected = new ArrayList<>();
    String target = "/v2/" + repo + "/tags/list?n=4";
    int pages = 0;
    while (target != null) {
      Response r = expect(oci.get(target), 200);
      List<String> page = tagsOf(r);
      assertThat(page.size()).isLessThanOrEqualTo(4);
      collected.addAll(page);
      target = next(r).orElse(null);
      pages++;
      assertThat(pages).as("pages").isLessThan(20);
    }

    assertThat(collected).containsExactlyElementsOf(all);
  }

  @Test
  void exactPage_hasNoLink() {
    String repo = repoWithTags(List.of("a", "b", "c"));

    Response r = oci.get("/v2/" + repo + "/tags/list?n=3");

    assertThat(tagsOf(r)).containsExactly("a", "b", "c");
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void nZero_isAnEmptyListWithoutLink() {
    String repo = repoWithTags(List.of("a", "b"));

    Response r = oci.get("/v2/" + repo + "/tags/list?n=0");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("tags").isArray()).isTrue();
    assertThat(tagsOf(r)).isEmpty();
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void nAboveThePageLimit_returnsAtMostTheLimitAndALink() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < PAGE_LIMIT + 5; i++) {
      all.add(String.format("t%02d", i));
    }
    String repo = repoWithTags(all);

    for (String n : new String[] {"1000", "2147483647", "99999999999"}) {
      Response r = oci.get("/v2/" + repo + "/tags/list?n=" + n);
      assertThat(tagsOf(r)).as("n=%s", n).containsExactlyElementsOf(all.subList(0, PAGE_LIMIT));
      assertThat(next(r)).as("n=%s", n).isPresent();
    }
    Response unbounded = oci.get("/v2/" + repo + "/tags/list");
    assertThat(tagsOf(unbounded)).hasSize(PAGE_LIMIT);
    assertThat(next(unbounded)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "abc", "1.5", "0x10", "1e3", "%20"})
  void invalidN_is400PaginationNumberInvalid(String n) {
    String repo = repoWithTags(List.of("a"));

    assertOciError(oci.get("/v2/" + repo + "/tags/list?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
  }

  @Test
  void unknownRepository_is404NameUnknown() {
    assertOciError(oci.get("/v2/" + registry.repo("none") + "/tags/list"), 404, "NAME_UNKNOWN");
  }

  @Test
  void repositoryWithoutTags_isAnEmptyList() {
    String repo = registry.repo("tags");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, image.digest().value(), image), 201);

    Response r = expect(oci.get("/v2/" + repo + "/tags/list"), 200);

    assertThat(r.json().path("tags").isArray()).isTrue();
    assertThat(tagsOf(r)).isEmpty();
  }

  @Test
  void deletedAndMovedTags_listOnce() {
    String repo = repoWithTags(List.of("keep", "drop", "move"));
    expect(oci.delete("/v2/" + repo + "/manifests/drop"), 202);
    expect(oci.push(repo, "move", Images.oci().build()), 201);

    assertThat(tagsOf(oci.get("/v2/" + repo + "/tags/list"))).containsExactly("keep", "move");
  }

  @Test
  void lastWithCharactersNeedingEncoding_isHandled() {
    String repo = repoWithTags(List.of("a", "b"));

    Response r = oci.get("/v2/" + repo + "/tags/list?last=%E2%98%83%00x");

    assertThat(r.status()).isEqualTo(200);
    assertThat(tagsOf(r)).isEmpty();
  }
}
