package dev.berth.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the errors Jetty answers itself, for requests it refuses before or around a handler (an ambiguous or
 * undecodable URI, oversized headers, a body that ends early), in the format of the route group the path belongs
 * to and with that group's headers, instead of Jetty's HTML page. They are HTTP protocol errors, not registry
 * errors, so their code is the status's name ({@code BAD_REQUEST}); a 5xx never carries Jetty's message.
 */
final class ProtocolErrorHandler extends ErrorHandler {
  /** The registry API's base path, whose group answers requests that carry no usable path. */
  static final String REGISTRY_PATH = "/v2/";

  private final List<RouteGroup> groups;
  private final ErrorRenderer renderer;

  /** @param groups the route groups, asked in order as the root handler asks them */
  ProtocolErrorHandler(List<RouteGroup> groups, ErrorRenderer renderer) {
    this.groups = List.copyOf(groups);
    this.renderer = renderer;
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true; // a refused PUT or PATCH deserves a body as much as a GET
  }

  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
      Callback callback) throws IOException {
    RouteGroup group = groupFor(request.getHttpURI().getPath());
    RouteGroup.ErrorStyle style = group == null ? RouteGroup.ErrorStyle.PROBLEM : group.errorStyle();
    if (group != null) {
      group.responseHeaders().forEach((k, v) -> response.getHeaders().put(k, v));
    }
    ErrorRenderer.Rendered r = render(style, status, reasonOf(status, cause));
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) r.body().length);
    response.write(true, ByteBuffer.wrap(r.body()), callback);
  }

  /**
   * A request so malformed that Jetty built none (a request line it could not parse, headers over the buffer): no
   * path tells whose request it was, so it is answered as the registry API answers, in its format and with its
   * headers, as is a request whose path does not percent-decode or that no group serves. Registry clients are nearly all of the clients
   * that send such requests, and they rely on that format; other clients still get a JSON body and the status.
   */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    try {
      RouteGroup group = groupFor(null);
      RouteGroup.ErrorStyle style = group == null ? RouteGroup.ErrorStyle.PROBLEM : group.errorStyle();
      if (group != null) {
        group.responseHeaders().forEach(fields::put);
      }
      ErrorRenderer.Rendered r = render(style, status,
          reason == null || status >= 500 ? HttpStatus.getMessage(status) : reason);
      fields.put(HttpHeader.CONTENT_TYPE, r.contentType());
      return ByteBuffer.wrap(r.body());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The group serving {@code path}; for a path no group serves, the registry's. That includes requests whose path
   * did not decode: Jetty hands those to the error handler under a made-up path ({@code /badMessage}).
   */
  private RouteGroup groupFor(String path) {
    String routed = path == null ? REGISTRY_PATH : path;
    return groups.stream().filter(g -> g.serves(routed)).findFirst()
        .or(() -> groups.stream().filter(g -> g.serves(REGISTRY_PATH)).findFirst()).orElse(null);
  }

  private ErrorRenderer.Rendered render(RouteGroup.ErrorStyle style, int status, String reason) throws IOException {
    String title = HttpStatus.getMessage(status);
    String code = status >= 500 ? "UNKNOWN" : title.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", "_");
    return renderer.body(style, status, code, title, reason, Map.of());
  }

  // Jetty's reason for a refused request ("Ambiguous URI path separator") helps the client; anything else is an
  // internal failure whose text must not reach it.
  private static String reasonOf(int status, Throwable cause) {
    if (status < 500 && cause instanceof HttpException http && http.getReason() != null) {
      return http.getReason();
    }
    return HttpStatus.getMessage(status);
  }
}
