package dev.berth.scanner.rpm;

/**
 * Sanity bounds for reading one rpm database, so that a hostile file cannot exhaust memory or time.
 *
 * @param maxHeaderBytes the largest header blob to allocate (rpm itself refuses 256 MiB and more; real headers
 *     are far smaller)
 * @param maxHeaders how many headers one database may hold
 */
record RpmDbLimits(int maxHeaderBytes, int maxHeaders) {
  RpmDbLimits {
    if (maxHeaderBytes < 16 || maxHeaders < 1) {
      throw new IllegalArgumentException("rpm database limits must be positive");
    }
  }

  /** 64 MiB per header, 200,000 headers: well above any real system's database. */
  static RpmDbLimits defaults() {
    return new RpmDbLimits(64 << 20, 200_000);
  }

  /** Fails when {@code length} bytes may not be allocated for one header. */
  void checkHeaderBytes(long length, String where) throws RpmFormatException {
    if (length > maxHeaderBytes) {
      throw new RpmFormatException(where + " declares a header of " + length + " bytes, more than the "
          + maxHeaderBytes + " allowed");
    }
  }

  /** Fails when a database holds more than {@link #maxHeaders()} headers. */
  void checkHeaderCount(long count) throws RpmFormatException {
    if (count > maxHeaders) {
      throw new RpmFormatException("database holds more than " + maxHeaders + " headers");
    }
  }
}
