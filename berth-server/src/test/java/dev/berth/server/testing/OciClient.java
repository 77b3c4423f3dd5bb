package dev.berth.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small OCI Distribution client for tests: typed helpers for the usual flows ({@link #pushBlob},
 * {@link #pushManifest}, {@link #push}) over the JDK {@link HttpClient}, and a raw socket path
 * ({@link Call#sendRaw()}, {@link #rawExchange}) for requests the JDK client refuses to send: malformed or
 * restricted headers ({@code Content-Length}, {@code Host}), odd methods, unencoded paths, garbage.
 *
 * <p>Helpers that complete a flow throw {@link AssertionError} with the server's answer when it is not the
 * expected one, so a test failing there says why.
 */
public final class OciClient {
  /** Every manifest kind Berth serves, as a client's {@code Accept}. */
  public static final String ACCEPT_ALL_MANIFESTS = String.join(", ",
      "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  public OciClient(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  public URI base() {
    return base;
  }

  // ---------------------------------------------------------------- responses

  /** A response; header names are case-insensitive. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Response {
      TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> copy.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
      headers = copy;
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Every value of a header (one per header line). */
    public List<String> headerValues(String name) {
      return headers.getOrDefault(name, List.of());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("response body is not JSON: " + this, e);
      }
    }

    /** The {@code code} of each entry of an OCI error body. */
    public List<String> errorCodes() {
      List<String> codes = new ArrayList<>();
      json().path("errors").forEach(e -> codes.add(e.path("code").asText()));
      return codes;
    }

    /** The {@code Location} header resolved against {@code base}. */
    public URI location(URI base) {
      String loc = header("Location").orElseThrow(() -> new AssertionError("no Location in " + this));
      return base.resolve(loc);
    }

    @Override
    public String toString() {
      String shown = body.length > 2000 ? new String(body, 0, 2000, StandardCharsets.UTF_8) + "…"
          : new String(body, StandardCharsets.UTF_8);
      return "HTTP " + status + " " + headers + " " + shown;
    }
  }

  /** Throws unless the response has {@code status}. */
  public static Response expect(Response r, int status) {
    if (r.status() != status) {
      throw new AssertionError("expected HTTP " + status + " but got " + r);
    }
    return r;
  }

  // ---------------------------------------------------------------- requests

  /** Starts a request to {@code target}: a path with its query, already encoded as it should go on the wire. */
  public Call call(String method, String target) {
    return new Call(method, target);
  }

  public Response get(String target, String... headerPairs) {
    return call("GET", target).headers(headerPairs).send();
  }

  public Response head(String target, String... headerPairs) {
    return call("HEAD", target).headers(headerPairs).send();
  }

  public Response delete(String target) {
    return call("DELETE", target).send();
  }

  public Response post(String target, byte[] body, String... headerPairs) {
    return call("POST", target).headers(headerPairs).body(body).send();
  }

  public Response put(String target, byte[] body, String... headerPairs) {
    return call("PUT", target).headers(headerPairs).body(body).send();
  }

  public Response patch(String target, byte[] body, String... headerPairs) {
    return call("PATCH", target).headers(headerPairs).body(body).send();
  }

  /** One request being built. */
  public final class Call {
    private final String method;
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private boolean streamed;
    private boolean expectContinue;

    private Call(String method, String target) {
      this.method = method;
      this.target = target;
    }

    public Call header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    /** Headers as name, value, name, value… */
    public Call headers(String... pairs) {
      if (pairs.length % 2 != 0) {
        throw new IllegalArgumentException("header pairs must come in twos");
      }
      for (int i = 0; i < pairs.length; i += 2) {
        header(pairs[i], pairs[i + 1]);
      }
      return this;
    }

    public Call body(byte[] bytes) {
      this.body = bytes;
      return this;
    }

    /** Sends the body with chunked transfer encoding and no {@code Content-Length}. */
    public Call streamed(byte[] bytes) {
      this.body = bytes;
      this.streamed = true;
      return this;
    }

    /** Sends {@code Expect: 100-continue} and waits for the server's go-ahead before the body. */
    public Call expectContinue() {
      this.expectContinue = true;
      return this;
    }

    /** Sends through the JDK client. */
    public Response send() {
      HttpRequest.BodyPublisher publisher;
      if (body == null) {
        publisher = HttpRequest.BodyPublishers.noBody();
      } else if (streamed) {
        byte[] bytes = body;
        publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
      } else {
        publisher = HttpRequest.BodyPublishers.ofByteArray(body);
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target))
          .timeout(Duration.ofSeconds(60))
          .method(method, publisher)
          .expectContinue(expectContinue);
      headers.forEach(h -> b.header(h[0], h[1]));
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().map(), r.body() == null ? new byte[0] : r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + target + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * Sends over a plain socket exactly as built: the request line as given, the headers as given (a
     * {@code Content-Length} matching the body is added only if none was set), {@code Connection: close}.
     */
    public Response sendRaw() {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      boolean hasHost = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Host"));
      boolean hasLength = headers.stream()
          .anyMatch(h -> h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding"));
      if (!hasHost) {
        head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
      }
      for (String[] h : headers) {
        head.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      if (!hasLength && body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      whole.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        whole.writeBytes(body);
      }
      return rawExchange(whole.toByteArray(), false)
          .orElseThrow(() -> new AssertionError("no response to " + method + " " + abbreviate(target)));
    }
  }

  /**
   * Writes {@code request} verbatim to a new connection and reads the response until the server closes it.
   *
   * @param halfClose whether to shut down our side after writing (the server then sees the body end early when
   *     the request declared more)
   * @return the response, or empty when the server closed the connection without answering
   */
  public Optional<Response> rawExchange(byte[] request, boolean halfClose) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        if (halfClose) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // The server may answer and close before reading everything; what it said is still readable.
      }
      byte[] received = readAll(socket.getInputStream());
      return received.length == 0 ? Optional.empty() : Optional.of(parse(received));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // a reset after the response was sent: keep what arrived
    }
    return out.toByteArray();
  }

  private static Response parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new AssertionError("incomplete response: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
    if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < chunked.length) {
      int lineEnd = indexOf(Arrays.copyOfRange(chunked, pos, chunked.length), new byte[] {'\r', '\n'}) + pos;
      String sizeText = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      pos = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ---------------------------------------------------------------- protocol helpers

  /** {@code POST /v2/<repo>/blobs/uploads/}; the raw answer. */
  public Response startUpload(String repo) {
    return post("/v2/" + repo + "/blobs/uploads/", new byte[0]);
  }

  /** Opens an upload session and returns its location (a path, possibly with a query). */
  public String openUpload(String repo) {
    Response r = expect(startUpload(repo), 202);
    return pathOf(r.location(base));
  }

  /** {@code target} with {@code param=value} appended to its query. */
  public static String withQuery(String target, String param, String value) {
    return target + (target.contains("?") ? "&" : "?") + param + "=" + value;
  }

  /** Pushes a blob by POST then PUT with the whole body; returns its sha256 digest. */
  public Digest pushBlob(String repo, byte[] bytes) {
    return pushBlob(repo, bytes, DigestAlgorithm.SHA256);
  }

  /** Pushes a blob by POST then PUT, named by a digest of {@code algorithm}. */
  public Digest pushBlob(String repo, byte[] bytes, DigestAlgorithm algorithm) {
    Digest digest = Digest.compute(algorithm, bytes);
    String location = openUpload(repo);
    expect(put(withQuery(location, "digest", digest.value()), bytes, "Content-Type", "application/octet-stream"),
        201);
    return digest;
  }

  /** Pushes a blob in one {@code POST ?digest=}; the raw answer. */
  public Response pushBlobMonolithic(String repo, byte[] bytes, Digest digest) {
    return post("/v2/" + repo + "/blobs/uploads/?digest=" + digest.value(), bytes,
        "Content-Type", "application/octet-stream");
  }

  /** Pushes a blob in PATCH chunks of {@code chunkSize} with {@code Content-Range}, then an empty PUT. */
  public Digest pushBlobChunked(String repo, byte[] bytes, int chunkSize) {
    Digest digest = Digest.sha256(bytes);
    String location = openUpload(repo);
    for (int off = 0; off < bytes.length; off += chunkSize) {
      int end = Math.min(bytes.length, off + chunkSize);
      Response r = expect(patch(location, Arrays.copyOfRange(bytes, off, end),
          "Content-Type", "application/octet-stream", "Content-Range", off + "-" + (end - 1)), 202);
      location = pathOf(r.location(base));
    }
    expect(put(withQuery(location, "digest", digest.value()), new byte[0]), 201);
    return digest;
  }

  /** {@code PUT /v2/<repo>/manifests/<ref>} with the exact bytes and {@code Content-Type: mediaType}. */
  public Response pushManifest(String repo, String ref, String mediaType, byte[] bytes) {
    Call c = call("PUT", "/v2/" + repo + "/manifests/" + ref).body(bytes);
    if (mediaType != null) {
      c.header("Content-Type", mediaType);
    }
    return c.send();
  }

  /** Pushes every blob an image or index needs (children first), then its manifest under {@code ref}. */
  public Response push(String repo, String ref, Images.Image image) {
    pushContent(repo, image);
    return pushManifest(repo, ref, image.mediaType(), image.bytes());
  }

  /** Pushes an image's blobs and child manifests (by digest), not the image's own manifest. */
  public void pushContent(String repo, Images.Image image) {
    for (Images.Image child : image.children()) {
      expect(push(repo, child.digest().value(), child), 201);
    }
    for (Images.Blob blob : image.blobs()) {
      pushBlob(repo, blob.bytes(), blob.digest().algorithm());
    }
  }

  /** {@code GET /v2/<repo>/manifests/<ref>} accepting every manifest kind. */
  public Response getManifest(String repo, String ref) {
    return get("/v2/" + repo + "/manifests/" + ref, "Accept", ACCEPT_ALL_MANIFESTS);
  }

  public Response headManifest(String repo, String ref) {
    return head("/v2/" + repo + "/manifests/" + ref, "Accept", ACCEPT_ALL_MANIFESTS);
  }

  public Response getBlob(String repo, Digest digest, String... headerPairs) {
    return get("/v2/" + repo + "/blobs/" + digest.value(), headerPairs);
  }

  public Response headBlob(String repo, Digest digest) {
    return head("/v2/" + repo + "/blobs/" + digest.value());
  }

  /** The path and query of an absolute URI. */
  public static String pathOf(URI uri) {
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
