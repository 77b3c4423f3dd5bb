package dev.berth.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.http.Exchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tag listing and the catalog, in byte order, paged with {@code n} and {@code last} and a {@code Link} header.
 * {@code n} is capped at the configured page limit (CVE-2023-2253); a capped page carries a {@code Link}, as
 * the spec allows.
 */
final class ListHandlers {
  private final Listings listings;
  private final AccessPolicy access;
  private final ObjectMapper json;
  private final int pageLimit;

  ListHandlers(Listings listings, AccessPolicy access, ObjectMapper json, int pageLimit) {
    this.listings = listings;
    this.access = access;
    this.json = json;
    this.pageLimit = pageLimit;
  }

  void tags(Exchange ex, RepositoryName name, String unused) throws IOException {
    int n = pageSize(ex);
    String last = ex.query("last").orElse("");
    List<String> page = listings.tags(name, last, n == 0 ? 0 : n + 1);
    if (page.size() > n) {
      page = page.subList(0, n);
      link(ex, "/v2/" + name.value() + "/tags/list", n, page.getLast());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name.value());
    body.put("tags", page);
    ex.send(200, "application/json", json.writeValueAsBytes(body));
  }

  /** The catalog lists only repositories the caller may pull from. */
  void catalog(Exchange ex) throws IOException {
    int n = pageSize(ex);
    List<String> visible = new ArrayList<>();
    String cursor = ex.query("last").orElse("");
    while (n > 0 && visible.size() <= n) {
      List<String> batch = listings.repositories(cursor, n + 1);
      List<RepositoryName> pullable = access.pullable(ex.principal().withoutGrants(),
          batch.stream().map(RepositoryName::parse).toList());
      for (RepositoryName repo : pullable) {
        if (visible.size() > n) {
          break;
        }
        visible.add(repo.value());
      }
      if (batch.size() <= n) {
        break;
      }
      cursor = batch.getLast();
    }
    List<String> page = visible.size() > n ? visible.subList(0, n) : visible;
    if (visible.size() > n) {
      link(ex, "/v2/_catalog", n, page.getLast());
    }
    ex.send(200, "application/json", json.writeValueAsBytes(Map.of("repositories", page)));
  }

  private int pageSize(Exchange ex) {
    String raw = ex.query("n").orElse(null);
    if (raw == null || raw.isEmpty()) {
      return pageLimit;
    }
    if (!raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new RegistryException(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a non-negative integer",
          Map.of("n", raw.length() > 32 ? raw.substring(0, 32) : raw));
    }
    // Any non-negative integer is a valid request, however large; the page bound caps it (CVE-2023-2253).
    return raw.length() > 9 ? pageLimit : Math.min(Integer.parseInt(raw), pageLimit);
  }

  private static void link(Exchange ex, String path, int n, String last) {
    ex.setHeader("Link", "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8)
        + ">; rel=\"next\"");
  }
}
