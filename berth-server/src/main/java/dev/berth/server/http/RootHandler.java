package dev.berth.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.db.DatabaseUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request to the first {@link RouteGroup} that serves its path and turns failures into
 * responses: a {@link RegistryException} into its code's status and body, an unavailable database into 503, a
 * vanished client into nothing, and anything else into a logged 500 whose body carries only an id.
 */
final class RootHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(RootHandler.class);

  private final List<RouteGroup> groups;
  private final ErrorRenderer errors;
  private final HttpsPolicy https;
  private final RequestObserver observer;

  /**
   * What plain HTTP requests and HTTPS responses get when HTTPS is on.
   *
   * @param redirectPort when it answers a port (not -1), plain HTTP requests are redirected to HTTPS on it
   * @param canonicalAuthority {@code SERVER_HOSTNAME} when clients reach Berth over HTTPS there: redirects go to it
   *     rather than to whatever {@code Host} the request named
   * @param strictTransport whether HTTPS responses carry {@code Strict-Transport-Security} (plain HTTP serves
   *     nothing but redirects)
   */
  record HttpsPolicy(IntSupplier redirectPort, java.util.Optional<String> canonicalAuthority,
      boolean strictTransport) {
    static HttpsPolicy none() {
      return new HttpsPolicy(() -> -1, java.util.Optional.empty(), false);
    }
  }

  RootHandler(List<RouteGroup> groups, ObjectMapper json, HttpsPolicy https, RequestObserver observer) {
    super(InvocationType.BLOCKING);
    this.observer = observer;
    this.groups = List.copyOf(groups);
    this.errors = new ErrorRenderer(json);
    this.https = https;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int httpsPort = https.redirectPort().getAsInt();
    if (httpsPort > 0 && !request.isSecure()) {
      redirect(request, response, callback, httpsPort);
      return true;
    }
    if (https.strictTransport() && request.isSecure()) {
      response.getHeaders().put("Strict-Transport-Security", "max-age=31536000");
    }
    long start = System.nanoTime();
    Exchange exchange = new Exchange(request, response);
    Request.addCompletionListener(request, failure -> observer.observe(exchange.route(), request.getMethod(),
        response.getStatus(), System.nanoTime() - start, exchange.bytesIn(), exchange.bytesOut()));
    RouteGroup group = find(exchange.path());
    RouteGroup.ErrorStyle style = group == null ? RouteGroup.ErrorStyle.PROBLEM : group.errorStyle();
    try {
      if (group == null) {
        throw new RegistryException(ErrorCode.NOT_FOUND, "no such resource");
      }
      group.handle(exchange);
      callback.succeeded();
    } catch (RegistryException e) {
      fail(exchange, style, e, callback, e);
    } catch (EofException e) {
      callback.failed(e);
    } catch (Throwable t) {
      if (isDatabaseDown(t)) {
        log.atWarn().addKeyValue("path", exchange.path()).log("metadata database unavailable");
        fail(exchange, style, new RegistryException(ErrorCode.UNAVAILABLE, "metadata database unavailable"),
            callback, t);
      } else if (t instanceof IOException && exchange.isCommitted()) {
        callback.failed(t); // the client went away mid-response; nothing to tell it
      } else {
        String id = UUID.randomUUID().toString();
        log.atError().addKeyValue("errorId", id).addKeyValue("method", exchange.method())
            .addKeyValue("path", exchange.path()).setCause(t).log("request failed");
        fail(exchange, style,
            new RegistryException(ErrorCode.UNKNOWN, "internal error", Map.of("id", id)), callback, t);
      }
    }
    return true;
  }

  // Permanent, method-preserving: a client that PUTs over HTTP repeats the PUT over HTTPS. To SERVER_HOSTNAME when
  // it is configured, so a forged Host cannot make Berth hand out (cacheable) redirects to another site.
  private void redirect(Request request, Response response, Callback callback, int httpsPort) {
    String host = Request.getServerName(request);
    String authority = https.canonicalAuthority().orElseGet(() ->
        (host.contains(":") ? "[" + host + "]" : host) + (httpsPort == 443 ? "" : ":" + httpsPort));
    String location = "https://" + authority + request.getHttpURI().getPathQuery();
    response.setStatus(308);
    response.getHeaders().put("Location", location);
    response.getHeaders().put("Content-Length", 0L);
    callback.succeeded();
  }

  private RouteGroup find(String path) {
    if (path == null) {
      return null;
    }
    for (RouteGroup g : groups) {
      if (g.serves(path)) {
        return g;
      }
    }
    return null;
  }

  private void fail(Exchange exchange, RouteGroup.ErrorStyle style, RegistryException e, Callback callback,
      Throwable cause) {
    if (exchange.isCommitted()) {
      callback.failed(cause);
      return;
    }
    try {
      exchange.closeConnectionIfBodyUnread();
      errors.render(exchange, style, e);
      callback.succeeded();
    } catch (Throwable t) {
      callback.failed(t);
    }
  }

  /**
   * No connection to be had (the pool timed out), or the one in use broke mid-statement: PostgreSQL's driver says
   * so with SQLState class 08 (connection exception) on a plain SQLException, MariaDB's with a
   * SQLNonTransientConnectionException.
   */
  private static boolean isDatabaseDown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLTransientConnectionException || c instanceof SQLNonTransientConnectionException
          || c instanceof SQLRecoverableException || c instanceof ConnectionException
          || c instanceof DatabaseUnavailableException) {
        return true;
      }
      if (c instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }
}
