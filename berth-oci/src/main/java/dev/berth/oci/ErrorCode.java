package dev.berth.oci;

/**
 * The registry's error codes with the HTTP status each is answered with: the one table that maps OCI errors to
 * HTTP. The first fourteen are the codes of the OCI Distribution Specification
 * (<a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">spec, error
 * codes</a>); the rest are Docker Registry HTTP API V2 codes that clients also understand, and plain HTTP errors
 * named as the server names the ones it answers itself ({@code NOT_FOUND}, {@code BAD_REQUEST},
 * {@code PAYLOAD_TOO_LARGE}).
 */
public enum ErrorCode {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  // 400 as Distribution, Quay and zot answer it (the spec names the code, not its status), though 404 was tempting.
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),
  // Docker Registry HTTP API V2 codes beyond the OCI table.
  TAG_INVALID(400, "manifest tag did not match URI"),
  PAGINATION_NUMBER_INVALID(400, "invalid number of results requested"),
  RANGE_INVALID(416, "invalid content range"),
  MANIFEST_TOO_LARGE(413, "manifest too large"),
  NOT_FOUND(404, "not found"),
  BAD_REQUEST(400, "the request is malformed"),
  PAYLOAD_TOO_LARGE(413, "request body too large"),
  UNAVAILABLE(503, "service unavailable"),
  UNKNOWN(500, "unknown error");

  private final int httpStatus;
  private final String message;

  ErrorCode(int httpStatus, String message) {
    this.httpStatus = httpStatus;
    this.message = message;
  }

  /** The HTTP status a response carrying this code has. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The fixed, human-readable message sent with this code. */
  public String message() {
    return message;
  }
}
