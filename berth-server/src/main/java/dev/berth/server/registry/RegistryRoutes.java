package dev.berth.server.registry;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.Action;
import dev.berth.server.access.RegistryAuthentication;
import dev.berth.server.http.Exchange;
import dev.berth.server.http.RouteGroup;
import dev.berth.server.storage.StorageUnavailableException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The OCI Distribution API under {@code /v2/}. Every repository route names the action it needs, and the
 * {@link AccessPolicy} is asked before the handler runs, so no handler can reach a store unchecked.
 */
final class RegistryRoutes implements RouteGroup {
  /** A handler of one repository route. */
  @FunctionalInterface
  interface RepositoryHandler {
    void handle(Exchange exchange, RepositoryName name, String argument) throws Exception;
  }

  private record Route(Action action, RepositoryHandler handler) {}

  private static final Map<String, String> API_VERSION = Map.of("Docker-Distribution-API-Version", "registry/2.0");

  private final AccessPolicy access;
  private final RegistryAuthentication authentication;
  private final ListHandlers lists;
  private final Map<V2Path.Kind, Map<String, Route>> table = new EnumMap<>(V2Path.Kind.class);

  RegistryRoutes(AccessPolicy access, RegistryAuthentication authentication, BlobHandlers blobs,
      UploadHandlers uploads, ManifestHandlers manifests, ListHandlers lists) {
    this.access = access;
    this.authentication = authentication;
    this.lists = lists;
    route(V2Path.Kind.MANIFEST, "GET", Action.PULL, manifests::get);
    route(V2Path.Kind.MANIFEST, "HEAD", Action.PULL, manifests::get);
    route(V2Path.Kind.MANIFEST, "PUT", Action.PUSH, manifests::put);
    route(V2Path.Kind.MANIFEST, "DELETE", Action.DELETE, manifests::delete);
    route(V2Path.Kind.BLOB, "GET", Action.PULL, blobs::get);
    route(V2Path.Kind.BLOB, "HEAD", Action.PULL, blobs::get);
    route(V2Path.Kind.BLOB, "DELETE", Action.DELETE, blobs::delete);
    route(V2Path.Kind.UPLOADS, "POST", Action.PUSH, uploads::start);
    route(V2Path.Kind.UPLOAD, "GET", Action.PUSH, uploads::status);
    route(V2Path.Kind.UPLOAD, "PATCH", Action.PUSH, uploads::patch);
    route(V2Path.Kind.UPLOAD, "PUT", Action.PUSH, uploads::complete);
    route(V2Path.Kind.UPLOAD, "DELETE", Action.PUSH, uploads::cancel);
    route(V2Path.Kind.TAGS, "GET", Action.PULL, lists::tags);
    route(V2Path.Kind.REFERRERS, "GET", Action.PULL, manifests::referrers);
  }

  private void route(V2Path.Kind kind, String method, Action action, RepositoryHandler handler) {
    table.computeIfAbsent(kind, k -> new java.util.HashMap<>()).put(method, new Route(action, handler));
  }

  @Override
  public boolean serves(String path) {
    return path.equals("/v2") || path.startsWith("/v2/");
  }

  @Override
  public ErrorStyle errorStyle() {
    return ErrorStyle.OCI;
  }

  @Override
  public Map<String, String> responseHeaders() {
    return API_VERSION;
  }

  @Override
  public void handle(Exchange exchange) throws Exception {
    API_VERSION.forEach(exchange::setHeader);
    V2Path path = V2Path.parse(exchange.path());
    exchange.route(path.kind().name().toLowerCase(java.util.Locale.ROOT));
    try {
      exchange.principal(authentication.authenticate(exchange.header("Authorization"),
          exchange.authority(), exchange.remoteAddress()));
      dispatch(exchange, path);
    } catch (RegistryException e) {
      if (e.code() == ErrorCode.UNAUTHORIZED && authentication.required()) {
        exchange.setHeader("WWW-Authenticate", authentication.challenge(exchange.scheme(),
            exchange.authority(), challengeScope(exchange, path)));
      }
      throw e;
    } catch (Exception e) {
      if (storageUnavailable(e)) {
        throw new RegistryException(ErrorCode.UNAVAILABLE, "blob storage unavailable");
      }
      throw e;
    }
  }

  /** Whether {@code e} comes from a blob store that cannot serve now (503), not from a failure of one blob. */
  private static boolean storageUnavailable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StorageUnavailableException) {
        return true;
      }
    }
    return false;
  }

  private void dispatch(Exchange exchange, V2Path path) throws Exception {
    String method = exchange.method();
    switch (path.kind()) {
      case BASE -> {
        requireMethod(exchange, method.equals("GET") || method.equals("HEAD"), "GET, HEAD");
        if (authentication.required() && exchange.principal().isAnonymous()
            && exchange.principal().grants().isEmpty()) {
          throw new RegistryException(ErrorCode.UNAUTHORIZED, "authentication required");
        }
        exchange.send(200, "application/json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      case CATALOG -> {
        requireMethod(exchange, method.equals("GET"), "GET");
        if (authentication.required() && exchange.principal().isAnonymous()
            && exchange.principal().grants().isEmpty()) {
          throw new RegistryException(ErrorCode.UNAUTHORIZED, "authentication required");
        }
        lists.catalog(exchange);
      }
      case UNKNOWN -> throw new RegistryException(ErrorCode.NOT_FOUND, "no such endpoint");
      default -> {
        Map<String, Route> methods = table.get(path.kind());
        Route route = methods.get(method);
        if (route == null) {
          requireMethod(exchange, false, String.join(", ", new TreeSet<>(methods.keySet())));
        }
        RepositoryName name = path.repository();
        access.require(exchange.principal(), name, route.action());
        route.handler().handle(exchange, name, path.argument());
      }
    }
  }

  /** The scope a client should ask for to make this request: what Docker clients expect in the challenge. */
  private Optional<String> challengeScope(Exchange exchange, V2Path path) {
    if (path.kind() == V2Path.Kind.CATALOG) {
      return Optional.of("registry:catalog:*");
    }
    if (path.kind() == V2Path.Kind.BASE || path.kind() == V2Path.Kind.UNKNOWN
        || !RepositoryName.isValid(path.name())) {
      return Optional.empty();
    }
    Route route = table.getOrDefault(path.kind(), Map.of()).get(exchange.method());
    String actions = route == null ? "pull" : switch (route.action()) {
      case PULL -> "pull";
      case PUSH -> "pull,push";
      case DELETE -> "delete";
    };
    return Optional.of("repository:" + path.name() + ":" + actions);
  }

  private static void requireMethod(Exchange exchange, boolean allowed, String allow) {
    if (!allowed) {
      exchange.setHeader("Allow", allow);
      throw new RegistryException(ErrorCode.UNSUPPORTED, "method not allowed here");
    }
  }
}
