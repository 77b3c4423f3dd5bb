package dev.berth.scanner.layer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Finds packages (or the distribution) in the files of a layer. A finder sees one file at a time, in archive
 * order, and must not assume any other file of the layer has been or will be seen.
 *
 * <p>Implementations are stateless and thread-safe: one instance serves every layer walk.
 */
public interface PackageFinder {

  /** A short stable name for reports and logs ({@code dpkg}, {@code rpm}, {@code java}). */
  String name();

  /**
   * Whether this finder wants to read the content of {@code entry}. Called for every regular file, so it must be
   * cheap (a path test, not I/O).
   */
  boolean wants(LayerEntry entry);

  /**
   * Reads one wanted file and reports what it finds.
   *
   * @param entry the file
   * @param content the file's bytes, at most {@code entry.size()} of them; the finder may stop reading early and
   *     must not close it
   * @param limits the limits to honour while reading (nested archives, sizes)
   * @param sink where to report findings
   * @throws IOException if the content cannot be read; a file that is readable but malformed is not an error
   *     (the finder reports what it can and returns)
   * @throws LimitExceededException if the file breaks a limit
   */
  void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink) throws IOException;
}
