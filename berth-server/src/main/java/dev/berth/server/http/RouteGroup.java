package dev.berth.server.http;

/** A set of routes under one path prefix, such as the registry API under {@code /v2/}. */
public interface RouteGroup {

  /** Whether this group serves {@code path}; groups are asked in order and the first that does serves it. */
  boolean serves(String path);

  /** How errors of this group are written. */
  ErrorStyle errorStyle();

  /**
   * Headers every response under this group carries, including the errors Jetty itself answers for the group's
   * paths (a malformed URI, oversized headers) before {@link #handle} runs.
   */
  default java.util.Map<String, String> responseHeaders() {
    return java.util.Map.of();
  }

  /**
   * Serves one request. Expected failures are thrown as {@link dev.berth.oci.RegistryException}; anything else
   * becomes a logged 500 with an id.
   *
   * @throws Exception for any failure; the caller renders it
   */
  void handle(Exchange exchange) throws Exception;

  /** Error body formats. */
  enum ErrorStyle {
    /** {@code {"errors":[{"code","message","detail"}]}}, the OCI distribution format. */
    OCI,
    /** RFC 9457 {@code application/problem+json}. */
    PROBLEM
  }
}
