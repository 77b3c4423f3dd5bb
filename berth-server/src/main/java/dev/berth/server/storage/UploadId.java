package dev.berth.server.storage;

import java.util.UUID;
import java.util.regex.Pattern;

/** An upload session's id: a lower-case UUID, so it is safe as a path segment and an object key. */
public record UploadId(String value) {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public UploadId {
    if (!isValid(value)) {
      throw new IllegalArgumentException("invalid upload id");
    }
  }

  /** A new random id. */
  public static UploadId random() {
    return new UploadId(UUID.randomUUID().toString());
  }

  /** Whether {@code value} is a well-formed upload id. */
  public static boolean isValid(String value) {
    return value != null && value.length() == 36 && UUID_TEXT.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
