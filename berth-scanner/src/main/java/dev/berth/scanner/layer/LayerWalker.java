package dev.berth.scanner.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one layer blob (tar, tar+gzip or tar+zstd) exactly once, as a stream, and asks the finders about each
 * regular file. Nothing is written to disk and nothing larger than a tar header is buffered by the walker
 * itself; finders see each wanted file through a stream bounded to that file.
 *
 * <p>Hostile input ends in a {@link LimitExceededException} naming the limit: too many entries
 * ({@code maxEntries}), too long a path ({@code maxPathLength}), too many decompressed bytes
 * ({@code maxDecompressedBytes}), or more findings than can be recorded ({@code maxFileBytes}). Names that climb
 * above the root with {@code ..} are skipped and recorded; links are never followed, so link loops are
 * harmless.
 *
 * <p>Thread-safe: one walker serves any number of concurrent walks.
 */
public final class LayerWalker {
  private static final Logger log = LoggerFactory.getLogger(LayerWalker.class);
  private static final int BUFFER = 64 * 1024;

  private final List<PackageFinder> finders;
  private final List<String> finderNames;
  private final ScanLimits limits;

  /**
   * @param finders the finders to ask, in order: the first that wants a file is the only one to read it
   * @param limits the bounds every walk enforces and passes on to the finders
   */
  public LayerWalker(List<PackageFinder> finders, ScanLimits limits) {
    this.finders = List.copyOf(finders);
    this.finderNames = this.finders.stream().map(PackageFinder::name).toList();
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The names of the finders, in the order they are asked; recorded in each {@link LayerIndex}. */
  public List<String> finderNames() {
    return finderNames;
  }

  /**
   * Indexes one layer.
   *
   * @param digest the layer digest, recorded in the result (not verified here: verify while streaming, as
   *     {@code OciLayout} does)
   * @param mediaType the layer media type, a hint only: the compression is told by the magic bytes
   * @param layer the blob; read to its end and not closed
   * @return the layer's index
   * @throws LimitExceededException if the layer breaks one of the limits
   * @throws IOException if the layer cannot be read or is not a tar archive
   */
  public LayerIndex walk(String digest, String mediaType, InputStream layer) throws IOException {
    BufferedInputStream raw = new BufferedInputStream(layer, BUFFER);
    Compression compression = Compression.detect(raw, mediaType);
    LayerScan scan = new LayerScan(digest, finders, limits);
    try (InputStream decompressed = compression.open(raw)) {
      CountingLimitStream counted = new CountingLimitStream(decompressed, limits.maxDecompressedBytes());
      InputStream tarInput = compression == Compression.NONE ? counted : new BufferedInputStream(counted, BUFFER);
      TarReader tar = new TarReader(tarInput, limits);
      for (Optional<TarReader.TarEntry> entry = tar.next(); entry.isPresent(); entry = tar.next()) {
        scan.accept(entry.get(), tar, counted);
      }
      tar.drain();
      // the rest of the blob (after the compressed stream's end) still counts for digest verification
      raw.transferTo(OutputStream.nullOutputStream());
      LayerIndex index = scan.result(finderNames, tar.entries(), counted.count());
      log.atDebug().addKeyValue("digest", digest).addKeyValue("entries", tar.entries())
          .addKeyValue("packages", index.packages().size()).log("layer indexed");
      return index;
    } catch (LimitExceededException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException("layer " + digest + " (" + compression.name().toLowerCase(java.util.Locale.ROOT)
          + (mediaType == null || mediaType.isEmpty() ? "" : ", " + mediaType) + "): " + e.getMessage(), e);
    }
  }
}
