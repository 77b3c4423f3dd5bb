package dev.berth.scanner.layer;

import java.io.IOException;

/** A layer broke one of the {@link ScanLimits}; the message names the limit and its value. */
public final class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String limit;

  public LimitExceededException(String limit, long value, String where) {
    super("scan limit " + limit + "=" + value + " exceeded" + (where.isEmpty() ? "" : " at " + where));
    this.limit = limit;
  }

  /** The name of the {@link ScanLimits} component that was exceeded ({@code maxEntries}, …). */
  public String limit() {
    return limit;
  }
}
