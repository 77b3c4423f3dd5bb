package dev.berth.scanner;

import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.index.ImageIndexer;
import dev.berth.scanner.index.IndexReport;
import dev.berth.scanner.index.IndexedDistribution;
import dev.berth.scanner.index.IndexedPackage;
import dev.berth.scanner.index.LayerIndexCache;
import dev.berth.scanner.index.LayerSource;
import dev.berth.scanner.lang.LanguageFinders;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import dev.berth.scanner.match.Matcher;
import dev.berth.scanner.match.VulnerabilityReport;
import dev.berth.scanner.os.OsFinders;
import dev.berth.scanner.rpm.RpmPackageFinder;
import dev.berth.scanner.version.VersionSchemes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scanner's public door: index an image's layers (each read once, cached per layer digest) into an
 * {@link IndexReport}, then match it against advisories into a {@link VulnerabilityReport}. No HTTP, no
 * database: the caller supplies layer streams and advisories.
 */
public final class ScannerEngine {
  private final ImageIndexer indexer;
  private final Matcher matcher = new Matcher(VersionSchemes::of);

  /**
   * @param limits the bounds every layer is read within
   * @param cache where per-layer results are kept between images
   */
  public ScannerEngine(ScanLimits limits, LayerIndexCache cache) {
    this.indexer = new ImageIndexer(defaultFinders(), limits, cache);
  }

  /** Every finder Berth has, in the order they are asked: OS databases, rpm, then language packages. */
  public static List<PackageFinder> defaultFinders() {
    List<PackageFinder> finders = new ArrayList<>(OsFinders.all());
    finders.add(new RpmPackageFinder());
    finders.addAll(LanguageFinders.all());
    return List.copyOf(finders);
  }

  /**
   * Indexes an image, layer by layer in order.
   *
   * @throws dev.berth.scanner.layer.LimitExceededException if a layer breaks a limit
   * @throws IOException if a layer cannot be read
   */
  public IndexReport index(String manifestDigest, List<LayerSource> layers) throws IOException {
    return indexer.index(manifestDigest, layers);
  }

  /**
   * Matches an index report's packages against {@code advisories}; the result records the layer that introduced
   * each package.
   */
  public VulnerabilityReport match(IndexReport report, AdvisoryDb advisories) {
    List<InstalledPackage> packages = report.packages().stream().map(IndexedPackage::pkg).toList();
    Map<InstalledPackage, String> layers = new HashMap<>();
    report.packages().forEach(p -> layers.putIfAbsent(p.pkg(), p.introducedIn()));
    return matcher.match(report.manifestDigest(), packages,
        report.distribution().map(IndexedDistribution::distribution), advisories).withIntroducedIn(layers);
  }
}
