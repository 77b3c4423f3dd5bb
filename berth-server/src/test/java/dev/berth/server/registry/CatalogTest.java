package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /v2/_catalog} with {@code n}, {@code last}, {@code Link}, and the bound on {@code n}. The tests share a
 * server, so each creates repositories under its own random prefix and reads the catalog from {@code last=<prefix>},
 * where its repositories come first.
 */
class CatalogTest {
  static final int PAGE_LIMIT = 5;

  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension(Map.of("CATALOG_PAGE_LIMIT", PAGE_LIMIT));

  private final OciClient oci = registry.client();

  /** Creates {@code count} repositories {@code <prefix>/rNN}, some by a manifest push, some by a blob push. */
  private List<String> repositories(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + String.format("/r%02d", i);
      if (i % 2 == 0) {
        expect(oci.push(name, "v1", Images.oci().build()), 201);
      } else {
        oci.pushBlob(name, Images.randomBytes(4));
      }
      names.add(name);
    }
    return names;
  }

  private static String prefix() {
    return "cat" + Images.randomHex(6);
  }

  private static List<String> reposOf(Response r) {
    List<String> out = new ArrayList<>();
    r.json().path("repositories").forEach(t -> out.add(t.asText()));
    return out;
  }

  @Test
  void catalog_listsRepositoriesInByteOrder() {
    String prefix = prefix();
    List<String> names = repositories(prefix, 4);

    Response r = oci.get("/v2/_catalog?n=4&last=" + prefix);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).contains("application/json");
    assertThat(r.header("Docker-Distribution-API-Version")).contains("registry/2.0");
    assertThat(reposOf(r)).containsExactlyElementsOf(names);
  }

  @Test
  void catalog_nAndLast_pageWithALinkThatContinues() {
    String prefix = prefix();
    List<String> names = repositories(prefix, 5);

    Response first = oci.get("/v2/_catalog?n=2&last=" + prefix);

    assertThat(reposOf(first)).containsExactlyElementsOf(names.subList(0, 2));
    String link = TagListTest.next(first).orElseThrow();
    assertThat(link).startsWith("/v2/_catalog?").contains("n=2").contains("last=" + prefix + "%2Fr01");
    Response second = oci.get(link);
    assertThat(reposOf(second)).containsExactlyElementsOf(names.subList(2, 4));
  }

  @Test
  void followingLinks_collectsEveryRepositoryOnceInOrder() {
    String prefix = prefix();
    List<String> names = repositories(prefix, 7);

    List<String> collected = new ArrayList<>();
    String target = "/v2/_catalog?n=3&last=" + prefix;
    for (int page = 0; target != null && page < 50; page++) {
      Response r = expect(oci.get(target), 200);
      assertThat(reposOf(r).size()).isLessThanOrEqualTo(3);
      collected.addAll(reposOf(r));
      target = TagListTest.next(r).orElse(null);
    }

    assertThat(target).as("paging ended").isNull();
    assertThat(collected).startsWith(names.toArray(String[]::new)).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void nZero_isAnEmptyListWithoutLink() {
    repositories(prefix(), 1);

    Response r = oci.get("/v2/_catalog?n=0");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("repositories").isArray()).isTrue();
    assertThat(reposOf(r)).isEmpty();
    assertThat(r.header("Link")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"6", "1000", "2147483647", "99999999999", "123456789012345678901234567890"})
  void hugeN_returnsAtMostThePageLimitAndALink(String n) {
    String prefix = prefix();
    List<String> names = repositories(prefix, PAGE_LIMIT + 2);

    Response r = oci.get("/v2/_catalog?n=" + n + "&last=" + prefix);

    assertThat(r.status()).isEqualTo(200);
    assertThat(reposOf(r)).containsExactlyElementsOf(names.subList(0, PAGE_LIMIT));
    assertThat(TagListTest.next(r)).hasValueSatisfying(link -> assertThat(link).contains("n=" + PAGE_LIMIT));
  }

  @Test
  void noN_usesThePageLimit() {
    String prefix = prefix();
    List<String> names = repositories(prefix, PAGE_LIMIT + 1);

    Response r = oci.get("/v2/_catalog?last=" + prefix);

    assertThat(reposOf(r)).containsExactlyElementsOf(names.subList(0, PAGE_LIMIT));
    assertThat(TagListTest.next(r)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "x", "1.0", "-99999999999"})
  void invalidN_is400PaginationNumberInvalid(String n) {
    assertOciError(oci.get("/v2/_catalog?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
  }

  @Test
  void lastAfterEverything_isEmpty() {
    repositories(prefix(), 1);

    Response r = oci.get("/v2/_catalog?last=zzzzzzzz");

    assertThat(reposOf(r)).isEmpty();
    assertThat(r.header("Link")).isEmpty();
  }

  @Test
  void otherMethods_are405WithAllow() {
    Response r = oci.post("/v2/_catalog", new byte[0]);

    assertOciError(r, 405, "UNSUPPORTED");
    assertThat(r.header("Allow")).contains("GET");
  }
}
