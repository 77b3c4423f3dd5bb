package dev.berth.scanner.layer;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.InstalledPackage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The state of one layer walk: what the finders reported, per file, and the whiteouts seen. */
final class LayerScan {
  private static final Logger log = LoggerFactory.getLogger(LayerScan.class);
  private static final int MAX_HOSTILE_KEPT = 100;
  /** A rough per-record overhead (object headers, references) for the recording budget. */
  private static final int RECORD_OVERHEAD = 64;

  private final String digest;
  private final List<PackageFinder> finders;
  private final ScanLimits limits;
  private final Map<String, List<InstalledPackage>> packagesByFile = new LinkedHashMap<>();
  private final Map<String, FoundDistribution> distributionsByFile = new LinkedHashMap<>();
  private final Set<String> whiteouts = new LinkedHashSet<>();
  private final Set<String> opaqueDirs = new LinkedHashSet<>();
  private final Set<String> seenPaths = new LinkedHashSet<>();
  private final List<String> hostilePaths = new ArrayList<>();
  private long recordedBytes;
  private LimitExceededException recordingBreach;

  LayerScan(String digest, List<PackageFinder> finders, ScanLimits limits) {
    this.digest = digest;
    this.finders = finders;
    this.limits = limits;
  }

  void accept(TarReader.TarEntry entry, TarReader tar, CountingLimitStream counted) throws IOException {
    Optional<String> normalized = LayerPaths.normalize(entry.name());
    if (normalized.isEmpty()) {
      hostile(entry.name());
      return;
    }
    String path = normalized.get();
    if (path.isEmpty() || entry.isDirectory()) {
      return;
    }
    String name = LayerPaths.fileName(path);
    if (name.startsWith(LayerPaths.WHITEOUT_PREFIX)) {
      whiteout(path, name);
      return;
    }
    if (entry.isRegular()) {
      LayerEntry layerEntry = new LayerEntry(path, entry.size(), entry.mode());
      for (PackageFinder finder : finders) {
        if (finder.wants(layerEntry)) {
          read(finder, layerEntry, tar, counted);
          return;
        }
      }
    } else {
      // a link or device at a wanted path replaces the lower layer's file there, yet is never followed
      LayerEntry layerEntry = new LayerEntry(path, 0, entry.mode());
      for (PackageFinder finder : finders) {
        if (finder.wants(layerEntry)) {
          forget(path);
          see(path);
          return;
        }
      }
    }
  }

  private void whiteout(String path, String name) throws LimitExceededException {
    if (name.equals(LayerPaths.OPAQUE_MARKER)) {
      String dir = LayerPaths.parent(path);
      if (opaqueDirs.add(dir)) {
        charge(dir.length());
      }
    } else if (!name.startsWith(LayerPaths.WHITEOUT_PREFIX + LayerPaths.WHITEOUT_PREFIX)) {
      // .wh..wh.* other than .opq are aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs), not whiteouts
      String parent = LayerPaths.parent(path);
      String target = name.substring(LayerPaths.WHITEOUT_PREFIX.length());
      if (!target.isEmpty() && whiteouts.add(parent.isEmpty() ? target : parent + "/" + target)) {
        charge(path.length());
      }
    }
  }

  private void read(PackageFinder finder, LayerEntry entry, TarReader tar, CountingLimitStream counted)
      throws IOException {
    // a later copy of a path in the same layer replaces the earlier one, as extraction would
    forget(entry.path());
    see(entry.path());
    Sink sink = new Sink(entry.path());
    try {
      finder.find(entry, tar.content(), limits, sink);
    } catch (RecordingLimitException e) {
      throw e.limit();
    } catch (RuntimeException e) {
      if (recordingBreach != null) {
        throw recordingBreach;
      }
      // a finder bug on one odd file must not lose the whole layer; what it reported so far is kept
      log.atWarn().addKeyValue("finder", finder.name()).addKeyValue("path", entry.path())
          .addKeyValue("layer", digest).setCause(e).log("finder failed on a file");
    }
    counted.rethrowBreach();
    if (recordingBreach != null) {
      throw recordingBreach;
    }
  }

  private void forget(String path) {
    packagesByFile.remove(path);
    distributionsByFile.remove(path);
  }

  private void see(String path) throws LimitExceededException {
    if (seenPaths.add(path)) {
      charge(path.length());
    }
  }

  private void hostile(String rawName) throws LimitExceededException {
    log.atDebug().addKeyValue("layer", digest).addKeyValue("name", rawName).log("skipped entry above root");
    if (hostilePaths.size() < MAX_HOSTILE_KEPT) {
      hostilePaths.add(rawName);
      charge(rawName.length());
    }
  }

  /** Keeps what a hostile layer can make us record within maxFileBytes, like any buffered file. */
  private void charge(long chars) throws LimitExceededException {
    recordedBytes += 2 * chars + RECORD_OVERHEAD;
    if (recordedBytes > limits.maxFileBytes()) {
      throw new LimitExceededException("maxFileBytes", limits.maxFileBytes(),
          "findings recorded for layer " + digest);
    }
  }

  LayerIndex result(List<String> finderNames, long entries, long decompressedBytes) {
    List<InstalledPackage> packages = new ArrayList<>();
    packagesByFile.values().forEach(packages::addAll);
    return new LayerIndex(digest, finderNames, List.copyOf(distributionsByFile.values()), packages,
        List.copyOf(whiteouts), List.copyOf(opaqueDirs), List.copyOf(seenPaths), hostilePaths, entries,
        decompressedBytes);
  }

  /** Records one file's findings under that file, whatever path the finder claims. */
  private final class Sink implements FindingSink {
    private final String file;

    Sink(String file) {
      this.file = file;
    }

    @Override
    public void addPackage(InstalledPackage pkg) {
      InstalledPackage recorded = pkg;
      if (!pkg.path().equals(file) && !pkg.path().startsWith(file + LayerPaths.NESTED_SEPARATOR)) {
        recorded = new InstalledPackage(pkg.name(), pkg.version(), pkg.ecosystem(), pkg.sourceName(),
            pkg.sourceVersion(), pkg.arch(), file);
      }
      chargeUnchecked(recorded.name().length() + recorded.version().length() + recorded.sourceName().length()
          + recorded.sourceVersion().length() + recorded.arch().length() + recorded.path().length());
      packagesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(recorded);
    }

    @Override
    public void addDistribution(String path, Distribution distribution) {
      chargeUnchecked(distribution.id().length() + distribution.prettyName().length() + file.length());
      distributionsByFile.put(file, new FoundDistribution(file, distribution));
    }

    private void chargeUnchecked(long chars) {
      try {
        charge(chars);
      } catch (LimitExceededException e) {
        // remembered too: a finder may catch runtime exceptions and carry on
        recordingBreach = e;
        throw new RecordingLimitException(e);
      }
    }
  }

  /** Carries a recording-budget breach out through a finder, which only declares IOException for reads. */
  static final class RecordingLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordingLimitException(LimitExceededException cause) {
      super(cause);
    }

    LimitExceededException limit() {
      return (LimitExceededException) getCause();
    }
  }
}
