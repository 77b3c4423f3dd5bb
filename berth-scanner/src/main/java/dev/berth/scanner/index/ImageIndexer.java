package dev.berth.scanner.index;

import dev.berth.scanner.layer.LayerIndex;
import dev.berth.scanner.layer.LayerWalker;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes images: reads each layer once (or takes its index from the cache), then merges the layers in order
 * into an {@link IndexReport}.
 *
 * <p>The finders are given by the caller so that every feature registers its own: for example
 * {@code new ImageIndexer(concat(OsFinders.all(), languageFinders), ScanLimits.defaults(), cache)}. Their order
 * matters: the first finder that wants a file is the only one to read it.
 *
 * <p>Thread-safe; layers of one image are read one after another, images may be indexed concurrently.
 */
public final class ImageIndexer {
  private static final Logger log = LoggerFactory.getLogger(ImageIndexer.class);

  private final LayerWalker walker;
  private final LayerIndexCache cache;

  /**
   * @param finders the finders, in the order they are asked
   * @param limits the bounds each layer walk enforces
   * @param cache where layer indexes are reused from and stored to
   */
  public ImageIndexer(List<PackageFinder> finders, ScanLimits limits, LayerIndexCache cache) {
    this.walker = new LayerWalker(finders, limits);
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** An indexer with the default limits and no cache. */
  public ImageIndexer(List<PackageFinder> finders) {
    this(finders, ScanLimits.defaults(), LayerIndexCache.none());
  }

  /**
   * Indexes an image from its layers, bottom first.
   *
   * @param manifestDigest the manifest digest, recorded in the report
   * @param layers the manifest's layers in manifest order
   * @return the merged report
   * @throws dev.berth.scanner.layer.LimitExceededException if a layer breaks a scan limit
   * @throws IOException if a layer cannot be read, is not a tar archive, or fails its digest check
   */
  public IndexReport index(String manifestDigest, List<LayerSource> layers) throws IOException {
    List<LayerIndex> indexes = new ArrayList<>(layers.size());
    for (LayerSource layer : layers) {
      indexes.add(indexLayer(layer));
    }
    IndexReport report = merge(manifestDigest, indexes);
    log.atInfo().addKeyValue("manifest", manifestDigest).addKeyValue("layers", layers.size())
        .addKeyValue("packages", report.packages().size()).log("image indexed");
    return report;
  }

  /** Indexes an image read from an OCI layout. */
  public IndexReport index(OciImage image) throws IOException {
    return index(image.manifestDigest(), image.layers());
  }

  /**
   * Indexes one layer, or returns its cached index when that was made by the same finders.
   *
   * @throws IOException as {@link #index}
   */
  public LayerIndex indexLayer(LayerSource layer) throws IOException {
    Optional<LayerIndex> cached = cache.get(layer.digest());
    if (cached.isPresent() && cached.get().finders().equals(walker.finderNames())
        && cached.get().digest().equals(layer.digest())) {
      return cached.get();
    }
    LayerIndex index;
    try (InputStream in = layer.open()) {
      index = walker.walk(layer.digest(), layer.mediaType(), in);
    }
    cache.put(index);
    return index;
  }

  /**
   * Merges layer indexes, bottom first: a package reported by a layer from a file survives unless an upper
   * layer reads that file again (its packages then replace the lower ones), whites out the file or one of its
   * directories, or makes one of its directories opaque. The distribution is the topmost surviving one; within
   * one layer {@code etc/os-release} wins over {@code usr/lib/os-release}, {@code etc/lsb-release} and
   * {@code etc/issue}. Of apk's database at {@code lib/apk/db/installed} and {@code usr/lib/apk/db/installed}
   * only one copy counts: the one the highest layer wrote, {@code lib/…} when one layer wrote both.
   */
  public static IndexReport merge(String manifestDigest, List<LayerIndex> layers) {
    return LayerMerger.merge(manifestDigest, layers);
  }
}
