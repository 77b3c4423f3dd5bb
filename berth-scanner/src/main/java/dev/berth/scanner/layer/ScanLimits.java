package dev.berth.scanner.layer;

/**
 * Bounds that keep a hostile layer from exhausting memory, disk or time. Every reader checks them while it reads
 * and stops with a {@link LimitExceededException} that names the limit.
 *
 * @param maxEntries how many archive entries one layer may have
 * @param maxPathLength how many characters a path may have
 * @param maxNestingDepth how deep archives may nest inside archives (a jar in a war in an ear is depth 2)
 * @param maxDecompressedBytes how many bytes one layer may decompress to
 * @param maxFileBytes how many bytes a finder may buffer from one file (a package database it must read whole)
 */
public record ScanLimits(
    long maxEntries, int maxPathLength, int maxNestingDepth, long maxDecompressedBytes, long maxFileBytes) {

  public ScanLimits {
    if (maxEntries <= 0 || maxPathLength <= 0 || maxNestingDepth < 0 || maxDecompressedBytes <= 0
        || maxFileBytes <= 0) {
      throw new IllegalArgumentException("scan limits must be positive");
    }
  }

  /** Defaults sized for real images: 1M entries, 4096-character paths, depth 4, 16 GiB, 512 MiB per file. */
  public static ScanLimits defaults() {
    return new ScanLimits(1_000_000, 4096, 4, 16L << 30, 512L << 20);
  }
}
