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
  private final IntSupplier redirectToHttpsPort;
  private final RequestObserver observer;

  /**
   * @param redirectToHttpsPort when it answers a port (not -1), plain HTTP requests are redirected to HTTPS on it
   */
  RootHandler(List<RouteGroup> groups, ObjectMapper json, IntSupplier redirectToHttpsPort, RequestObserver observer) {
    super(InvocationType.BLOCKING);
    this.observer = observer;
    this.groups = List.copyOf(groups);
    this.errors = new ErrorRenderer(json);
    this.redirectToHttpsPort = redirectToHttpsPort;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int httpsPort = redirectToHttpsPort.getAsInt();
    if (httpsPort > 0 && !request.isSecure()) {
      redirect(request, response, callback, httpsPort);
      return true;
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

  // Permanent, method-preserving: a client that PUTs over HTTP repeats the PUT over HTTPS.
  private static void redirect(Request request, Response response, Callback callback, int httpsPort) {
    String host = Request.getServerName(request);
    String location = "https://" + (host.contains(":") ? "[" + host + "]" : host)
        + (httpsPort == 443 ? "" : ":" + httpsPort) + request.getHttpURI().getPathQuery();
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
      errors.render(exchange, style, e);
      callback.succeeded();
    } catch (Throwable t) {
      callback.failed(t);
    }
  }

  private static boolean isDatabaseDown(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLTransientConnectionException || c instanceof ConnectionException
          || c instanceof DatabaseUnavailableException || c instanceof SQLNonTransientConnectionException
          || c instanceof SQLRecoverableException) {
        return true;
      }
      // A pooled connection that the database (or the network) dropped fails its next statement with a
      // connection-exception SQLSTATE (class 08), e.g. PostgreSQL's 08006 "An I/O error occurred".
      if (c instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }
}
