package dev.berth.server.registry;

import static dev.berth.server.testing.OciAssertions.assertNoStackTrace;
import static dev.berth.server.testing.OciAssertions.assertOciError;
import static dev.berth.server.testing.OciAssertions.assertOciErrorBody;
import static dev.berth.server.testing.OciClient.expect;
import static dev.berth.server.testing.OciClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.MetadataDb;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and hostile requests: each gets the right OCI code or HTTP status, never a 5xx or a stack trace, and
 * changes nothing. Requests the JDK client refuses to send go over a raw socket.
 */
class HostileRequestTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private final OciClient oci = registry.client();

  private long repositoryCount() {
    return MetadataDb.number(registry.registry().dataDir(), "SELECT COUNT(*) FROM repository");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UPPER/case", "Foo", "a..b", "a/-b", "a_", "-a", "a__-b", "a%20b", "caf%C3%A9", "a.",
      "a:b", "a%3Ab"})
  void invalidName_is400NameInvalid_onEveryEndpoint_andCreatesNothing(String name) {
    long before = repositoryCount();
    String digest = Digest.sha256(new byte[] {1}).value();

    assertOciError(oci.getManifest(name, "latest"), 400, "NAME_INVALID");
    assertOciError(oci.pushManifest(name, "latest", Images.OCI_MANIFEST, Images.oci().build().bytes()), 400,
        "NAME_INVALID");
    assertOciError(oci.get("/v2/" + name + "/blobs/" + digest), 400, "NAME_INVALID");
    assertOciError(oci.post("/v2/" + name + "/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
    assertOciError(oci.post("/v2/" + name + "/blobs/uploads/?digest=" + digest, new byte[] {1}), 400,
        "NAME_INVALID");
    assertOciError(oci.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
    assertOciError(oci.get("/v2/" + name + "/referrers/" + digest), 400, "NAME_INVALID");

    assertThat(repositoryCount()).isEqualTo(before);
  }

  @Test
  void nameOf300Characters_is400NameInvalid_andLongestValidNameWorks() {
    String tooLong = "a".repeat(300);
    String longest = "a".repeat(127) + "/" + "b".repeat(127);
    assertThat(longest).hasSize(255);

    assertOciError(oci.post("/v2/" + tooLong + "/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
    assertOciError(oci.post("/v2/" + longest + "x/blobs/uploads/", new byte[0]), 400, "NAME_INVALID");
    assertThat(oci.startUpload(longest).status()).isEqualTo(202);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/a//b/manifests/x", "/v2//a/blobs/uploads/", "/v2/a/b//tags/list"})
  void emptyNameComponent_is400WithOciBody(String path) {
    Response r = oci.call("GET", path).sendRaw();

    assertOciError(r, 400, "BAD_REQUEST");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/a%2Fb/manifests/x", "/v2/a%2fb/tags/list", "/v2/a/manifests/x%2Fy",
      "/v2/a/%2e%2e/b/manifests/x", "/v2/a/%2E/manifests/x", "/v2/a/blobs/uploads%2F", "/v2/a%5Cb/tags/list"})
  void percentEncodedSlashesAndDots_are400WithOciBody(String path) {
    for (String method : List.of("GET", "PUT", "POST", "PATCH", "DELETE")) {
      Response r = oci.call(method, path).body(method.equals("GET") ? null : new byte[] {'{', '}'}).sendRaw();
      assertThat(r.status()).as("%s %s", method, path).isEqualTo(400);
      assertOciErrorBody(r);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v2/a/../b/tags/list", "/v2/../v2/_catalog", "/v2/a/./b/tags/list", "/v2/../../etc/passwd",
      "/v2/a/b/../../../../x"})
  void literalDotSegments_neverReachAnotherPathOrServerError(String path) {
    long before = repositoryCount();

    Response r = oci.call("PUT", path.replace("tags/list", "manifests/t")).body(Images.randomBytes(8)).sendRaw();

    assertThat(r.status()).isBetween(400, 499);
    assertNoStackTrace(r);
    assertThat(repositoryCount()).isEqualTo(before);
    assertThat(MetadataDb.number(registry.registry().dataDir(),
        "SELECT COUNT(*) FROM repository WHERE name LIKE '%.%'")).isZero();
  }

  // Regression (flaky HostileRequestTest): an error answered before the request body was read left Jetty to close
  // the connection afterwards without saying so, and the client's next request on it failed with no answer.
  @Test
  void anErrorBeforeTheBodyWasRead_asksTheClientToClose_whileOtherErrorsKeepTheConnection() {
    String repo = registry.repo("hostile");
    Images.Image image = Images.oci().build();
    Response refused = oci.pushManifest(repo, "-bad", image.mediaType(), image.bytes());
    assertOciError(refused, 400, "TAG_INVALID");
    assertThat(refused.header("Connection")).contains("close");

    Response missing = oci.getManifest(repo, "absent");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Connection")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-x", ".x", "x%20y", "%C3%A9t%C3%A9", "a%2Bb", "a%3Bb"})
  void invalidTag_is400TagInvalid(String tag) {
    String repo = registry.repo("hostile");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "good", image), 201);

    assertOciError(oci.getManifest(repo, tag), 400, "TAG_INVALID");
    assertOciError(oci.pushManifest(repo, tag, image.mediaType(), image.bytes()), 400, "TAG_INVALID");
    assertOciError(oci.delete("/v2/" + repo + "/manifests/" + tag), 400, "TAG_INVALID");
  }

  @Test
  void tagOf129Characters_is400TagInvalid() {
    String repo = registry.repo("hostile");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    assertOciError(oci.pushManifest(repo, "t".repeat(129), image.mediaType(), image.bytes()), 400, "TAG_INVALID");
  }

  static List<String> invalidDigests() {
    return List.of("sha256:", "sha256:abc", "sha256:" + "0".repeat(63), "sha256:" + "0".repeat(65),
        "sha256:" + "A".repeat(64), "sha512:" + "0".repeat(64), "md5:d41d8cd98f00b204e9800998ecf8427e",
        "SHA256:" + "0".repeat(64), "sha256+b64:abc", "sha256:%20" + "0".repeat(63), ":" + "0".repeat(64));
  }

  @ParameterizedTest
  @MethodSource("invalidDigests")
  void invalidDigest_is400DigestInvalid_everywhere(String digest) {
    String repo = registry.repo("hostile");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);
    String location = oci.openUpload(repo);

    assertOciError(oci.get("/v2/" + repo + "/blobs/" + digest), 400, "DIGEST_INVALID");
    assertOciError(oci.delete("/v2/" + repo + "/blobs/" + digest), 400, "DIGEST_INVALID");
    assertOciError(oci.get("/v2/" + repo + "/manifests/" + digest), 400, "DIGEST_INVALID");
    assertOciError(oci.pushManifest(repo, digest, image.mediaType(), image.bytes()), 400, "DIGEST_INVALID");
    assertOciError(oci.get("/v2/" + repo + "/referrers/" + digest), 400, "DIGEST_INVALID");
    assertOciError(oci.post("/v2/" + repo + "/blobs/uploads/?digest=" + digest, new byte[] {1}), 400,
        "DIGEST_INVALID");
    assertOciError(oci.post("/v2/" + repo + "/blobs/uploads/?mount=" + digest, new byte[0]), 400,
        "DIGEST_INVALID");
    assertOciError(oci.put(withQuery(location, "digest", digest), new byte[] {1}), 400, "DIGEST_INVALID");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-5", "abc", "1e3", "99999999999999999999999", "0x10", " ", "1, 2"})
  void malformedContentLength_is400_neverServerError(String length) {
    String repo = registry.repo("hostile");
    String location = oci.openUpload(repo);

    Response r = oci.call("PATCH", location).header("Content-Length", length).body(new byte[] {1, 2, 3}).sendRaw();

    assertThat(r.status()).isEqualTo(400);
    assertNoStackTrace(r);
    assertThat(oci.get(location).header("Range")).contains("0-0");
  }

  @Test
  void conflictingContentLengths_are400() {
    String repo = registry.repo("hostile");
    String location = oci.openUpload(repo);

    Response r = oci.call("PATCH", location).header("Content-Length", "3").header("Content-Length", "2")
        .body(new byte[] {1, 2, 3}).sendRaw();

    assertThat(r.status()).isEqualTo(400);
    assertNoStackTrace(r);
  }

  @Test
  void hugeDeclaredLengthWithShortBody_is400EarlyEof_andTheUploadLosesNothing() {
    String repo = registry.repo("hostile");
    byte[] bytes = Images.randomBytes(100);
    String location = oci.openUpload(repo);
    expect(oci.patch(location, java.util.Arrays.copyOfRange(bytes, 0, 40)), 202);
    String head = "PATCH " + location + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n"
        + "Content-Range: 40-999999999999\r\nConnection: close\r\n\r\n";
    byte[] request = (head + "partial body").getBytes(StandardCharsets.ISO_8859_1);

    Response r = oci.rawExchange(request, true).orElseThrow();

    assertThat(r.status()).isBetween(400, 499);
    assertNoStackTrace(r);
    assertThat(oci.get(location).header("Range")).contains("0-39");
    expect(oci.patch(location, java.util.Arrays.copyOfRange(bytes, 40, 100), "Content-Range", "40-99"), 202);
    expect(oci.put(withQuery(location, "digest", Digest.sha256(bytes).value()), new byte[0]), 201);
    assertThat(expect(oci.getBlob(repo, Digest.sha256(bytes)), 200).body()).isEqualTo(bytes);
  }

  @Test
  void hugeDeclaredLengthOnMonolithicPost_isRefusedAndLeavesNoSession() {
    String repo = registry.repo("hostile");
    oci.pushBlob(repo, Images.randomBytes(1));
    String head = "POST /v2/" + repo + "/blobs/uploads/?digest=" + Digest.sha256(new byte[5]).value()
        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775807\r\nConnection: close\r\n\r\n";

    Response r = oci.rawExchange((head + "abc").getBytes(StandardCharsets.ISO_8859_1), true).orElseThrow();

    assertThat(r.status()).isBetween(400, 499);
    assertNoStackTrace(r);
    assertThat(MetadataDb.number(registry.registry().dataDir(),
        "SELECT COUNT(*) FROM upload u JOIN repository r ON r.id = u.repository_id WHERE r.name = ?", repo))
        .isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "PUT, /v2/, 'GET, HEAD'",
    "DELETE, /v2/_catalog, GET",
    "POST, /v2/{repo}/manifests/latest, 'DELETE, GET, HEAD, PUT'",
    "PATCH, /v2/{repo}/manifests/latest, 'DELETE, GET, HEAD, PUT'",
    "PUT, /v2/{repo}/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000, "
        + "'DELETE, GET, HEAD'",
    "POST, /v2/{repo}/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000, "
        + "'DELETE, GET, HEAD'",
    "GET, /v2/{repo}/blobs/uploads/, POST",
    "PUT, /v2/{repo}/blobs/uploads/, POST",
    "POST, /v2/{repo}/blobs/uploads/00000000-0000-0000-0000-000000000000, 'DELETE, GET, PATCH, PUT'",
    "POST, /v2/{repo}/tags/list, GET",
    "DELETE, /v2/{repo}/referrers/sha256:0000000000000000000000000000000000000000000000000000000000000000, GET",
    "TRACE, /v2/{repo}/manifests/latest, 'DELETE, GET, HEAD, PUT'",
    "OPTIONS, /v2/{repo}/tags/list, GET",
    "FROB, /v2/{repo}/manifests/latest, 'DELETE, GET, HEAD, PUT'",
  })
  void wrongMethod_is405UnsupportedWithAllow(String method, String path, String allow) {
    Response r = oci.call(method, path.replace("{repo}", registry.repo("hostile"))).sendRaw();

    assertOciError(r, 405, "UNSUPPORTED");
    assertThat(r.header("Allow")).contains(allow);
  }

  @Test
  void veryLongUrl_is4xxWithOciBody_neverServerError() {
    String repo = registry.repo("hostile");
    for (int length : new int[] {2_000, 8_000, 15_000}) {
      Response r = oci.call("GET", "/v2/" + repo + "/manifests/" + "a".repeat(length)).sendRaw();
      assertOciError(r, 400, "TAG_INVALID");
      Response name = oci.call("GET", "/v2/" + "n".repeat(length) + "/tags/list").sendRaw();
      assertOciError(name, 400, "NAME_INVALID");
    }
    // Beyond the 16 KiB header buffer Jetty cannot even read the request line; it is answered as the registry
    // answers, since no path says otherwise.
    for (int length : new int[] {17_000, 40_000, 100_000}) {
      Response r = oci.call("GET", "/v2/" + repo + "/manifests/" + "a".repeat(length)).sendRaw();
      assertThat(r.status()).as("length %d", length).isIn(414, 431);
      assertOciErrorBody(r);
      assertThat(r.json().at("/errors/0/code").asText()).isIn("URI_TOO_LONG", "REQUEST_HEADER_FIELDS_TOO_LARGE");
    }
  }

  @Test
  void unknownQueryParameters_areIgnored() {
    String repo = registry.repo("hostile");
    Images.Image image = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);

    assertThat(oci.get("/v2/" + repo + "/manifests/v1?foo=bar&x").status()).isEqualTo(200);
    assertThat(oci.get("/v2/" + repo + "/tags/list?foo=1&n=1&bar").status()).isEqualTo(200);
    assertThat(oci.get("/v2/?q=1").status()).isEqualTo(200);
    Response upload = oci.post("/v2/" + repo + "/blobs/uploads/?unknown=1&from=", new byte[0]);
    assertThat(upload.status()).isEqualTo(202);
  }

  // Regression (found in review): a path that does not decode was answered in problem+json without the API
  // version header, as if it were not under /v2/.
  @ParameterizedTest
  @ValueSource(strings = {"/tags/list%zz", "/manifests/v1%00", "/manifests/%", "/blobs/sha256:%zz", "%C3/tags/list"})
  void undecodablePath_is400WithOciBody(String suffix) {
    String repo = registry.repo("hostile");
    Response r = oci.call("GET", "/v2/" + repo + suffix).sendRaw();
    assertThat(r.status()).as("GET %s", suffix).isEqualTo(400);
    assertOciErrorBody(r);
  }

  // Regression: a query string that does not decode was answered 405 Method Not Allowed.
  @ParameterizedTest
  @ValueSource(strings = {"?n=%zz", "?last=%", "?%=1", "?n=%C3"})
  void undecodableQueryString_is400BadRequest(String query) {
    String repo = registry.repo("hostile");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);

    assertOciError(oci.call("GET", "/v2/" + repo + "/tags/list" + query).sendRaw(), 400, "BAD_REQUEST");
    assertOciError(oci.call("GET", "/v2/_catalog" + query).sendRaw(), 400, "BAD_REQUEST");
  }

  // Regression (found by RandomRequestFuzzTest): PATCH echoed the raw upload id into Location before checking
  // it, and an id of about 16 KiB overflowed Jetty's response header buffer: a 500 instead of a 404.
  @Test
  void patchWithHugeUploadId_is404AndEchoesNothing() {
    String repo = registry.repo("hostile");
    oci.openUpload(repo);
    for (int length : new int[] {100, 8_000, 16_150}) {
      Response r = oci.call("PATCH", "/v2/" + repo + "/blobs/uploads/" + "a".repeat(length))
          .header("Content-Range", "0-2").body(new byte[] {1, 2, 3}).sendRaw();
      assertOciError(r, 404, "BLOB_UPLOAD_UNKNOWN");
      assertThat(r.header("Location")).as("length %d", length).isEmpty();
    }
  }

  @Test
  void jsonBomb_isRefusedAsManifestInvalid() {
    String repo = registry.repo("hostile");
    List<byte[]> bombs = List.of(
        ("[".repeat(200_000) + "]".repeat(200_000)).getBytes(StandardCharsets.UTF_8),
        ("{\"schemaVersion\":2,\"a\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_001))
            .getBytes(StandardCharsets.UTF_8),
        ("{\"schemaVersion\":2,\"mediaType\":\"" + Images.OCI_MANIFEST + "\",\"n\":1" + "0".repeat(3_000_000) + "}")
            .getBytes(StandardCharsets.UTF_8),
        ("{\"schemaVersion\":2,\"layers\":[" + "{},".repeat(1_000_000) + "{}]}").getBytes(StandardCharsets.UTF_8),
        ("{\"schemaVersion\":2,\"schemaVersion\":2}").getBytes(StandardCharsets.UTF_8),
        ("{\"schemaVersion\":18446744073709551618}").getBytes(StandardCharsets.UTF_8));

    for (byte[] bomb : bombs) {
      Response r = oci.pushManifest(repo, "bomb", Images.OCI_MANIFEST, bomb);
      assertThat(r.status()).as("bomb of %d bytes", bomb.length).isIn(400, 413);
      assertOciErrorBody(r);
    }
  }

  @Test
  void binaryGarbageAsRequest_getsA4xxOrIsClosed_neverServerError() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20; i++) {
      byte[] garbage = new byte[1 + random.nextInt(4000)];
      random.nextBytes(garbage);
      oci.rawExchange(garbage, true).ifPresent(r -> {
        assertThat(r.status()).isBetween(400, 499);
        assertNoStackTrace(r);
      });
    }
    assertThat(oci.get("/v2/").status()).isEqualTo(200);
  }

  @Test
  void binaryGarbageInHeaders_isRefusedWithout5xx() {
    String repo = registry.repo("hostile");
    expect(oci.push(repo, "v1", Images.oci().build()), 201);
    String[][] headers = {{"Accept", "\u00ff\u00fe\u0001"}, {"Range", "bytes=\u00ff-\u0001"},
        {"Content-Type", "\u00e9\u00e9\u00e9/\u00e9"}, {"X-\u00ff", "y"}, {"If-Range", "\u0000"}};
    for (String[] h : headers) {
      Response r = oci.call("GET", "/v2/" + repo + "/manifests/v1").header(h[0], h[1]).sendRaw();
      assertThat(r.status()).as("%s: %s", h[0], h[1]).isLessThan(500);
      assertNoStackTrace(r);
    }
  }

  @Test
  void emptyContentRange_is416() {
    String repo = registry.repo("hostile");
    String location = oci.openUpload(repo);

    Response r = oci.call("PATCH", location).header("Content-Range", "").body(new byte[] {1}).sendRaw();

    assertOciError(r, 416, "RANGE_INVALID");
  }

  @Test
  void manifestWithHostileContentType_isRefusedCleanly() {
    String repo = registry.repo("hostile");
    Images.Image image = Images.oci().build();
    oci.pushContent(repo, image);

    for (String type : new String[] {"application/", "/json", "a/b; q=\"unterminated",
        "application/vnd.oci.image.index.v1+json", "x".repeat(5000)}) {
      Response r = oci.pushManifest(repo, "typed", type, image.bytes());
      assertOciError(r, 400, "MANIFEST_INVALID");
    }
  }
}
