package dev.berth.server.http;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.access.Principal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Fields;

/**
 * One HTTP request and its response, in blocking style for handlers running on virtual threads. Bodies are
 * streamed chunk by chunk; nothing here buffers a whole upload or download.
 */
public final class Exchange {
  static final int STREAM_BUFFER = 256 * 1024;
  private final Request request;
  private final Response response;
  private final String path;
  private Fields query;
  private Principal principal = Principal.anonymous();
  private String route = "other";
  private long bytesIn;
  private boolean bodyRead;
  private long bytesOut;

  Exchange(Request request, Response response) {
    this.request = request;
    this.response = response;
    this.path = request.getHttpURI().getCanonicalPath();
  }

  /** The request method, upper case. */
  public String method() {
    return request.getMethod();
  }

  /** Whether this is a HEAD request, whose response carries headers only. */
  public boolean isHead() {
    return "HEAD".equals(request.getMethod());
  }

  /** The decoded, canonical request path. */
  public String path() {
    return path;
  }

  /** A request header. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(request.getHeaders().get(name));
  }

  /**
   * The host (and port) the client addressed: the {@code Host} header, or over HTTP/2, which sends none, the
   * {@code :authority} pseudo-header; empty when the request names neither.
   */
  public String authority() {
    return header("Host").or(() -> Optional.ofNullable(request.getHttpURI().getAuthority())).orElse("");
  }

  /** The request's declared body length, or -1 when it is not declared. */
  public long contentLength() {
    return request.getLength();
  }

  /** The first value of a query parameter. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(queryFields().getValue(name));
  }

  /** Every value of a query parameter, in order. */
  public List<String> queryValues(String name) {
    return queryFields().getValuesOrEmpty(name);
  }

  private Fields queryFields() {
    if (query == null) {
      try {
        query = Request.extractQueryParameters(request);
      } catch (RuntimeException e) {
        throw new RegistryException(ErrorCode.BAD_REQUEST, "malformed query string");
      }
    }
    return query;
  }

  /** The caller, as authenticated for this request. */
  public Principal principal() {
    return principal;
  }

  /** Names the route serving this request, for metrics ({@code manifest}, {@code blob}, …). */
  public void route(String name) {
    this.route = name;
  }

  String route() {
    return route;
  }

  long bytesIn() {
    return bytesIn;
  }

  long bytesOut() {
    return bytesOut;
  }

  /** Records who the caller is, once authenticated. */
  public void principal(Principal principal) {
    this.principal = principal;
  }

  /** {@code http} or {@code https}, as the request arrived here. */
  public String scheme() {
    return request.isSecure() ? "https" : "http";
  }

  /** The remote address, for logs and throttling. */
  public String remoteAddress() {
    return Request.getRemoteAddr(request);
  }

  /** Sets a response header, replacing any earlier value. */
  public Exchange setHeader(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  /** Adds a response header, keeping earlier values. */
  public Exchange addHeader(String name, String value) {
    response.getHeaders().add(name, value);
    return this;
  }

  /** Whether the response status and headers have been sent. */
  public boolean isCommitted() {
    return response.isCommitted();
  }

  /** Sends a response with no body. */
  public void send(int status) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    write(true, BufferUtil.EMPTY_BUFFER);
  }

  /**
   * Answers 304 Not Modified when the request's {@code If-None-Match} names {@code etag} (or is {@code *}), with
   * no body and no {@code Content-Length} (RFC 9110 §15.4.5).
   *
   * @param etag the representation's entity tag, quoted
   * @return whether the answer was sent
   */
  public boolean sendNotModifiedIfMatches(String etag) throws IOException {
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      tag = tag.startsWith("W/") ? tag.substring(2) : tag; // weak comparison, as If-None-Match asks
      if (tag.equals("*") || tag.equals(etag)) {
        response.setStatus(304);
        write(true, BufferUtil.EMPTY_BUFFER);
        return true;
      }
    }
    return false;
  }

  /** Sends {@code body} (headers only for HEAD) with its length and type. */
  public void send(int status, String contentType, byte[] body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    write(true, isHead() ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body));
  }

  /** Starts a streamed response of a known length; follow with {@link #write} calls. */
  public void begin(int status, String contentType, long length) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
  }

  /** Writes response bytes and waits until they are handed to the network. */
  public void write(boolean last, ByteBuffer buffer) throws IOException {
    bytesOut += buffer.remaining();
    try (Blocker.Callback callback = Blocker.callback()) {
      response.write(last, buffer, callback);
      callback.block();
    }
  }

  /** A source of response bytes, such as an open blob. */
  @FunctionalInterface
  public interface ContentReader {
    /** Reads into {@code buffer}; returns the count, or -1 at the end. */
    int read(ByteBuffer buffer) throws IOException;
  }

  /**
   * Streams exactly {@code length} bytes from {@code reader} as the response body, through a pooled direct
   * buffer, after {@link #begin}. Nothing is written for HEAD.
   *
   * @throws IOException if the source ends early or the client goes away
   */
  public void stream(ContentReader reader, long length) throws IOException {
    if (isHead() || length == 0) {
      write(true, BufferUtil.EMPTY_BUFFER);
      return;
    }
    RetainableByteBuffer pooled = request.getComponents().getByteBufferPool().acquire(STREAM_BUFFER, true);
    try {
      ByteBuffer buffer = pooled.getByteBuffer();
      long remaining = length;
      while (remaining > 0) {
        buffer.clear();
        if (buffer.capacity() > remaining) {
          buffer.limit((int) remaining);
        }
        int n = reader.read(buffer);
        if (n < 0) {
          throw new IOException("content ended " + remaining + " bytes early");
        }
        buffer.flip();
        remaining -= n;
        write(remaining == 0, buffer);
      }
    } finally {
      pooled.release();
    }
  }

  /** Receives the request body chunk by chunk. */
  @FunctionalInterface
  public interface BodySink {
    /** Consumes all remaining bytes of {@code chunk}; the buffer is only valid during the call. */
    void accept(ByteBuffer chunk) throws IOException;
  }

  /**
   * Streams the request body to {@code sink} and returns its length. The first read answers a waiting
   * {@code Expect: 100-continue}, so a handler that refuses a request before reading never receives its body.
   *
   * @throws IOException if the client goes away or the body is malformed
   */
  public long readBody(BodySink sink) throws IOException {
    long total = 0;
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        try (Blocker.Runnable ready = Blocker.runnable()) {
          request.demand(ready);
          ready.block();
        }
        continue;
      }
      if (Content.Chunk.isFailure(chunk)) {
        Throwable failure = chunk.getFailure();
        throw failure instanceof IOException io ? io : new IOException(failure);
      }
      boolean last = chunk.isLast();
      try {
        ByteBuffer buffer = chunk.getByteBuffer();
        int n = buffer.remaining();
        if (n > 0) {
          sink.accept(buffer);
          total += n;
          bytesIn += n;
        }
      } finally {
        chunk.release();
      }
      if (last) {
        bodyRead = true;
        return total;
      }
    }
  }

  /**
   * Before an error answers a request whose body was not read to its end, asks an HTTP/1 client to close the
   * connection: Jetty closes it after the response rather than read the rest, and a client that reused it would
   * see its next request fail with no answer.
   */
  void closeConnectionIfBodyUnread() {
    HttpFields headers = request.getHeaders();
    boolean hasBody = request.getLength() > 0 || headers.contains(HttpHeader.TRANSFER_ENCODING);
    if (hasBody && !bodyRead && request.getConnectionMetaData().getHttpVersion().getVersion() < 20) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
  }

  /**
   * Reads the whole body into memory, refusing more than {@code max} bytes before reading them when the length
   * is declared and as soon as they arrive when it is not.
   *
   * @throws RegistryException {@code tooLarge} when the body exceeds {@code max}
   */
  public byte[] readSmallBody(int max, ErrorCode tooLarge) throws IOException {
    long declared = contentLength();
    if (declared > max) {
      throw new RegistryException(tooLarge, "body exceeds " + max + " bytes");
    }
    var out = new java.io.ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    readBody(chunk -> {
      if (out.size() + chunk.remaining() > max) {
        throw new RegistryException(tooLarge, "body exceeds " + max + " bytes");
      }
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      out.write(bytes);
    });
    return out.toByteArray();
  }

  /** Every value of a request header, in order. */
  public List<String> headerValues(String name) {
    return request.getHeaders().getFields(name).stream().map(HttpField::getValue).toList();
  }
}
