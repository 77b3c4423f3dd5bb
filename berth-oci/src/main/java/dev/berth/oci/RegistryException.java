package dev.berth.oci;

import java.util.Map;
import java.util.Objects;

/**
 * The one exception type for registry errors: an {@link ErrorCode} and an optional detail object that is
 * rendered as the {@code detail} member of the OCI error body. Its message never contains secrets, so it may be
 * shown to clients.
 */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Map<String, ?> detail;

  public RegistryException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public RegistryException(ErrorCode code, String message, Map<String, ?> detail) {
    super(message == null || message.isEmpty() ? code.message() : message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.detail = Map.copyOf(detail);
  }

  /** The error code; its {@link ErrorCode#httpStatus()} is the response status. */
  public ErrorCode code() {
    return code;
  }

  /** Structured detail for the error body; empty when there is none. */
  public Map<String, ?> detail() {
    return detail;
  }
}
