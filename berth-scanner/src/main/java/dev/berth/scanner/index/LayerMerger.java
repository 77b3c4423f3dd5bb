package dev.berth.scanner.index;

import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FoundDistribution;
import dev.berth.scanner.layer.LayerIndex;
import dev.berth.scanner.layer.LayerPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies layers bottom to top as a container runtime would (OCI image spec, layer.md "Applying Changesets"):
 * an upper layer's whiteout removes a path and everything below it, an opaque directory hides what lower layers
 * put in it, and a file an upper layer reads again replaces the lower copy and all it reported.
 *
 * <p>Some package databases have two homes: apk's is {@code lib/apk/db/installed}, or
 * {@code usr/lib/apk/db/installed} on a merged {@code /usr} where {@code lib} links to {@code usr/lib}. When both
 * survive, they describe one system, so only one is kept: the one the highest layer wrote, and
 * {@code lib/apk/db/installed} (the path apk opens) when one layer wrote both.
 */
final class LayerMerger {
  /** When one layer describes its release in several files, os-release wins (claircore's order). */
  private static final List<String> DISTRIBUTION_FILES =
      List.of("etc/os-release", "usr/lib/os-release", "etc/lsb-release", "etc/issue");

  /** The places of one database, the path apk opens first. */
  private static final List<List<String>> SAME_DATABASE =
      List.of(List.of("lib/apk/db/installed", "usr/lib/apk/db/installed"));
  private static final Set<String> DATABASE_PLACES =
      Set.copyOf(SAME_DATABASE.stream().flatMap(List::stream).toList());

  private LayerMerger() {}

  static IndexReport merge(String manifestDigest, List<LayerIndex> layers) {
    Map<String, List<IndexedPackage>> packagesByFile = new LinkedHashMap<>();
    Map<String, Placed> distributionsByFile = new LinkedHashMap<>();
    Map<String, Integer> writtenBy = new HashMap<>();
    for (int position = 0; position < layers.size(); position++) {
      LayerIndex layer = layers.get(position);
      Set<String> whiteouts = new HashSet<>(layer.whiteouts());
      Set<String> opaque = new HashSet<>(layer.opaqueDirs());
      removeHidden(packagesByFile.keySet().iterator(), whiteouts, opaque);
      removeHidden(distributionsByFile.keySet().iterator(), whiteouts, opaque);
      removeHidden(writtenBy.keySet().iterator(), whiteouts, opaque);
      Map<String, List<IndexedPackage>> replaced = new HashMap<>();
      for (String path : layer.seenPaths()) {
        List<IndexedPackage> old = packagesByFile.remove(path);
        if (old != null) {
          replaced.put(path, old);
        }
        distributionsByFile.remove(path);
        if (DATABASE_PLACES.contains(path)) {
          writtenBy.put(path, position);
        }
      }
      addPackages(layer, replaced, packagesByFile);
      for (FoundDistribution found : layer.distributions()) {
        distributionsByFile.put(found.path(), new Placed(found, position, layer.digest()));
      }
    }
    keepOneOfEachDatabase(packagesByFile, writtenBy);
    List<IndexedPackage> packages = new ArrayList<>();
    packagesByFile.values().forEach(packages::addAll);
    return IndexReport.finished(manifestDigest, topmost(distributionsByFile.values()), packages);
  }

  private static void addPackages(LayerIndex layer, Map<String, List<IndexedPackage>> replaced,
      Map<String, List<IndexedPackage>> packagesByFile) {
    Map<String, Map<InstalledPackage, String>> earlier = new HashMap<>();
    for (InstalledPackage pkg : layer.packages()) {
      String file = LayerPaths.outerFile(pkg.path());
      // an unchanged package in a rewritten database keeps the layer that first brought it
      String introducedIn = earlier.computeIfAbsent(file, f -> introductions(replaced.get(f)))
          .getOrDefault(pkg, layer.digest());
      packagesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(new IndexedPackage(pkg, introducedIn));
    }
  }

  private static void keepOneOfEachDatabase(Map<String, List<IndexedPackage>> packagesByFile,
      Map<String, Integer> writtenBy) {
    for (List<String> places : SAME_DATABASE) {
      // an emptied database counts: its packages were removed, a stale copy elsewhere does not bring them back
      List<String> present = places.stream().filter(writtenBy::containsKey).toList();
      if (present.size() < 2) {
        continue;
      }
      // max keeps the first of equals, and places are in order of preference
      String kept = present.stream().max(Comparator.comparingInt((String f) -> writtenBy.get(f))).orElseThrow();
      present.stream().filter(f -> !f.equals(kept)).forEach(packagesByFile::remove);
    }
  }

  private static Map<InstalledPackage, String> introductions(List<IndexedPackage> packages) {
    Map<InstalledPackage, String> byPackage = new HashMap<>();
    if (packages != null) {
      packages.forEach(p -> byPackage.putIfAbsent(p.pkg(), p.introducedIn()));
    }
    return byPackage;
  }

  /** Removes each path that a whiteout names, or lies below a whiteout or an opaque directory. */
  private static void removeHidden(Iterator<String> paths, Set<String> whiteouts, Set<String> opaque) {
    if (whiteouts.isEmpty() && opaque.isEmpty()) {
      return;
    }
    while (paths.hasNext()) {
      if (hidden(paths.next(), whiteouts, opaque)) {
        paths.remove();
      }
    }
  }

  private static boolean hidden(String path, Set<String> whiteouts, Set<String> opaque) {
    if (whiteouts.contains(path) || opaque.contains("")) {
      return true;
    }
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      String ancestor = path.substring(0, slash);
      if (whiteouts.contains(ancestor) || opaque.contains(ancestor)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<IndexedDistribution> topmost(Iterable<Placed> candidates) {
    Placed best = null;
    Comparator<Placed> order = Comparator.comparingInt(Placed::position)
        .thenComparing(Comparator.comparingInt((Placed p) -> rank(p.found().path())).reversed());
    for (Placed candidate : candidates) {
      if (best == null || order.compare(candidate, best) > 0) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best)
        .map(p -> new IndexedDistribution(p.found().distribution(), p.found().path(), p.layerDigest()));
  }

  private static int rank(String path) {
    int i = DISTRIBUTION_FILES.indexOf(path);
    return i < 0 ? DISTRIBUTION_FILES.size() : i;
  }

  private record Placed(FoundDistribution found, int position, String layerDigest) {}
}
