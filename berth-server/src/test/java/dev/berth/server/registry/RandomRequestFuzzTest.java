package dev.berth.server.registry;

import static dev.berth.server.testing.OciClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.server.testing.Images;
import dev.berth.server.testing.OciClient;
import dev.berth.server.testing.OciClient.Response;
import dev.berth.server.testing.RegistryExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fires a few hundred randomly mutated requests at the server, built from valid ones (every endpoint, with real
 * names, digests and upload sessions) by swapping methods, damaging paths and queries, adding hostile headers and
 * corrupting bodies. No answer may be a 5xx or carry a stack trace, every error body must be JSON, and afterwards
 * the server still serves what it held. The seed is random per run and printed on failure; set
 * {@code -Dberth.fuzz.seed=N} to replay one, and {@code -Dberth.fuzz.requests=N} for a longer run.
 */
class RandomRequestFuzzTest {
  @RegisterExtension
  static final RegistryExtension registry = new RegistryExtension();

  private static final int REQUESTS = Integer.getInteger("berth.fuzz.requests", 400);
  private static final String[] METHODS = {"GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "TRACE",
      "CONNECT", "PROPFIND", "X"};
  private static final String[] PATH_NOISE = {"%2F", "%2f", "%2e", "%2E%2E", "/", "//", "/..", "/.", "%00", "%zz",
      "%", ":", "@", "~", ";", ";x=1", "A", "Z", "_", "-", "__", "%C3%A9", "%FF", "%20", "+", "*", "sha256:",
      "sha512:", "blobs", "manifests", "uploads", "tags", "list", "referrers", "_catalog", "\\"};
  private static final String[] HEADER_NAMES = {"Content-Range", "Range", "Content-Type", "Accept", "If-Range",
      "Content-Length", "Transfer-Encoding", "Docker-Content-Digest", "Expect", "Host", "Authorization",
      "X-Forwarded-For", "Cookie", "Accept-Encoding"};
  private static final String[] HEADER_VALUES = {"", " ", "bytes=0-9", "bytes=-1", "bytes=5-", "bytes=0-0,2-3",
      "bytes=99999999999999999999-", "0-9", "10-0", "-", "bytes */*", "garbage", "chunked", "gzip",
      "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json", "application/json; charset=\"", "*/*", "text/html",
      "-1", "0", "99999999999999999999", "1e9", "\"sha256:x\"", "Basic Zm9vOmJhcg==", "Bearer x.y.z",
      "100-continue", "\u00ff\u00fe", "x".repeat(3000)};
  private static final String[] QUERY_KEYS = {"n", "last", "digest", "mount", "from", "tag", "artifactType",
      "digest-algorithm", "", "%zz", "n[]"};
  private static final String[] QUERY_VALUES = {"", "0", "1", "-1", "99999999999999999999", "abc", "%zz", "%",
      "sha256:abc", "sha512", "md5", "a/b", "UPPER", "..", "%2F", "x".repeat(500), "&", "="};

  private final OciClient oci = registry.client();

  /** A request as it goes on the wire; {@code target} is raw (no encoding is applied). */
  private record Wire(String method, String target, List<String[]> headers, byte[] body) {
    byte[] bytes() {
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: x\r\n");
      boolean hasLength = false;
      for (String[] h : headers) {
        head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        hasLength |= h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding");
      }
      if (!hasLength) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
      return out.toByteArray();
    }

    String describe() {
      String shownTarget = target.length() > 300 ? target.substring(0, 300) + "…" : target;
      StringBuilder s = new StringBuilder(method + " " + shownTarget);
      headers.forEach(h -> s.append(" | ").append(h[0]).append(": ")
          .append(h[1].length() > 60 ? h[1].substring(0, 60) + "…" : h[1]));
      return s.append(" | body ").append(body.length).append(" bytes").toString();
    }
  }

  @Test
  void randomlyMutatedRequests_neverGetAServerError() {
    long seed = Long.getLong("berth.fuzz.seed", new Random().nextLong());
    Random random = new Random(seed);
    String repo = registry.repo("fuzz");
    String sentinel = registry.repo("sentinel");
    Images.Image image = Images.oci().layers(2).build();
    Images.Image kept = Images.oci().build();
    expect(oci.push(repo, "v1", image), 201);
    expect(oci.push(sentinel, "keep", kept), 201);
    List<Wire> seeds = seeds(repo, image);

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      Wire wire = mutate(seeds.get(random.nextInt(seeds.size())), random, repo);
      Optional<Response> answer = oci.rawExchange(wire.bytes(), true);
      if (answer.isEmpty()) {
        failures.add("no answer to " + wire.describe());
        continue;
      }
      Response r = answer.get();
      statuses.merge(r.status(), 1, Integer::sum);
      String problem = problemWith(wire, r);
      if (problem != null) {
        failures.add(problem + " for " + wire.describe() + " -> " + r);
      }
    }

    System.out.printf("fuzz seed %d: statuses %s%n", seed, statuses);
    assertThat(failures).as("seed %d (replay with -Dberth.fuzz.seed=%d); statuses %s", seed, seed, statuses)
        .isEmpty();
    assertThat(statuses.keySet()).as("the mutations reach past the request parser").anyMatch(s -> s < 300);
    assertThat(oci.get("/v2/").status()).isEqualTo(200);
    assertThat(expect(oci.getManifest(sentinel, "keep"), 200).body()).isEqualTo(kept.bytes());
    for (Images.Blob blob : kept.blobs()) {
      assertThat(expect(oci.getBlob(sentinel, blob.digest()), 200).body()).isEqualTo(blob.bytes());
    }
  }

  private static String problemWith(Wire wire, Response r) {
    if (r.status() >= 500) {
      return "server error " + r.status();
    }
    String text = r.text();
    if (text.contains("Exception") || text.contains("\tat ") || text.contains("org.eclipse.jetty")) {
      return "stack trace or exception text";
    }
    boolean isJson = r.header("Content-Type").map(t -> t.startsWith("application/json")
        || t.startsWith("application/problem+json")).orElse(false);
    if (r.status() >= 400 && r.body().length > 0 && !isJson) {
      return "non-JSON error body";
    }
    if (r.status() >= 400 && isJson && r.body().length > 0) {
      try {
        r.json();
      } catch (AssertionError e) {
        return "malformed JSON error body";
      }
    }
    boolean parsed = wire.target().startsWith("/v2/") && r.header("Content-Type").orElse("")
        .startsWith("application/json");
    if (parsed && r.header("Docker-Distribution-API-Version").isEmpty()) {
      return "OCI answer without Docker-Distribution-API-Version";
    }
    return null;
  }

  /** Valid requests for every endpoint; each fuzz request starts from one of them. */
  private List<Wire> seeds(String repo, Images.Image image) {
    byte[] blob = Images.randomBytes(64);
    Digest blobDigest = Digest.sha256(blob);
    Digest layer = image.layers().getFirst().digest();
    String session = oci.openUpload(repo);
    String v2 = "/v2/" + repo;
    List<Wire> seeds = new ArrayList<>();
    seeds.add(wire("GET", "/v2/", List.of(), new byte[0]));
    seeds.add(wire("GET", v2 + "/manifests/v1", header("Accept", OciClient.ACCEPT_ALL_MANIFESTS),
        new byte[0]));
    seeds.add(wire("HEAD", v2 + "/manifests/" + image.digest(), List.of(), new byte[0]));
    seeds.add(wire("PUT", v2 + "/manifests/fuzzed", header("Content-Type", image.mediaType()),
        image.bytes()));
    seeds.add(wire("PUT", v2 + "/manifests/" + image.digest() + "?tag=a&tag=b",
        header("Content-Type", image.mediaType()), image.bytes()));
    seeds.add(wire("GET", v2 + "/blobs/" + layer, header("Range", "bytes=0-9"), new byte[0]));
    seeds.add(wire("HEAD", v2 + "/blobs/" + layer, List.of(), new byte[0]));
    seeds.add(wire("POST", v2 + "/blobs/uploads/", List.of(), new byte[0]));
    seeds.add(wire("POST", v2 + "/blobs/uploads/?digest=" + blobDigest, List.of(), blob));
    seeds.add(wire("POST", v2 + "/blobs/uploads/?digest-algorithm=sha512", List.of(), new byte[0]));
    seeds.add(wire("POST", v2 + "/blobs/uploads/?mount=" + layer + "&from=" + repo, List.of(), new byte[0]));
    seeds.add(wire("PATCH", session, header("Content-Range", "0-63"), blob));
    seeds.add(wire("PUT", session + "?digest=" + blobDigest, List.of(), blob));
    seeds.add(wire("GET", session, List.of(), new byte[0]));
    seeds.add(wire("DELETE", session, List.of(), new byte[0]));
    seeds.add(wire("GET", v2 + "/tags/list?n=2&last=a", List.of(), new byte[0]));
    seeds.add(wire("GET", "/v2/_catalog?n=5", List.of(), new byte[0]));
    seeds.add(wire("GET", v2 + "/referrers/" + image.digest() + "?artifactType=application/x", List.of(),
        new byte[0]));
    seeds.add(wire("DELETE", v2 + "/manifests/fuzzed", List.of(), new byte[0]));
    seeds.add(wire("DELETE", v2 + "/blobs/" + blobDigest, List.of(), new byte[0]));
    return seeds;
  }

  private static List<String[]> header(String name, String value) {
    List<String[]> list = new ArrayList<>();
    list.add(new String[] {name, value});
    return list;
  }

  private static Wire wire(String method, String target, List<String[]> headers, byte[] body) {
    return new Wire(method, target, new ArrayList<>(headers), body);
  }

  private static Wire mutate(Wire seed, Random random, String repo) {
    String method = seed.method();
    String target = seed.target();
    List<String[]> headers = new ArrayList<>(seed.headers());
    byte[] body = seed.body();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(8)) {
        case 0 -> method = METHODS[random.nextInt(METHODS.length)];
        case 1, 2 -> target = mutatePath(target, random);
        case 3 -> target = target + (target.contains("?") ? "&" : "?") + QUERY_KEYS[random.nextInt(QUERY_KEYS.length)]
            + "=" + QUERY_VALUES[random.nextInt(QUERY_VALUES.length)];
        case 4, 5 -> headers.add(new String[] {HEADER_NAMES[random.nextInt(HEADER_NAMES.length)],
            HEADER_VALUES[random.nextInt(HEADER_VALUES.length)]});
        case 6 -> body = mutateBody(body, random);
        default -> target = target.replace(repo, random.nextBoolean() ? repo.toUpperCase() : repo + "x");
      }
    }
    return new Wire(method, target, headers, body);
  }

  private static String mutatePath(String target, Random random) {
    int at = 4 + random.nextInt(Math.max(1, target.length() - 4));
    return switch (random.nextInt(5)) {
      case 0 -> target.substring(0, at) + PATH_NOISE[random.nextInt(PATH_NOISE.length)] + target.substring(at);
      case 1 -> target.substring(0, at) + target.substring(Math.min(target.length(), at + 1 + random.nextInt(8)));
      case 2 -> target.substring(0, at);
      case 3 -> target.substring(0, at) + "a".repeat(1 + random.nextInt(20_000)) + target.substring(at);
      default -> target.replaceFirst("sha256:[0-9a-f]{64}", random.nextBoolean() ? "sha256:" + "f".repeat(63)
          : "sha512:" + "0".repeat(128));
    };
  }

  private static byte[] mutateBody(byte[] body, Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> new byte[0];
      case 1 -> {
        byte[] b = new byte[1 + random.nextInt(65_536)];
        random.nextBytes(b);
        yield b;
      }
      case 2 -> body.length == 0 ? body : Arrays.copyOf(body, random.nextInt(body.length));
      case 3 -> {
        byte[] b = body.clone();
        for (int i = 0; i < 1 + random.nextInt(5) && b.length > 0; i++) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        yield b;
      }
      default -> ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
    };
  }
}
