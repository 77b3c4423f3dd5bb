package dev.berth.scanner.advisory;

import dev.berth.scanner.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Advisories held in memory, indexed by (ecosystem, release, package name) so that a matcher finds the
 * candidates for one installed package with one hash look-up. Immutable and thread-safe once built.
 *
 * <p>Names are compared as each ecosystem defines equality: PyPI names are normalised as PEP 503 says
 * (lower case, runs of {@code -}, {@code _} and {@code .} as one {@code -}); all others exactly.
 */
public final class AdvisoryDb {
  private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

  private final List<Advisory> advisories;
  private final List<FeedSummary> sources;
  private final Map<Key, List<Candidate>> index;

  /**
   * One advisory entry that names a package.
   *
   * @param advisory the advisory
   * @param affected the entry of {@link Advisory#affected()} that names the package
   */
  public record Candidate(Advisory advisory, Affected affected) {
    public Candidate {
      Objects.requireNonNull(advisory, "advisory");
      Objects.requireNonNull(affected, "affected");
    }
  }

  private record Key(Ecosystem ecosystem, Optional<ReleaseKey> release, String name) {}

  private AdvisoryDb(List<Advisory> advisories, List<FeedSummary> sources) {
    this.advisories = List.copyOf(advisories);
    this.sources = List.copyOf(sources);
    Map<Key, List<Candidate>> idx = new HashMap<>();
    for (Advisory a : this.advisories) {
      for (Affected e : a.affected()) {
        idx.computeIfAbsent(new Key(e.ecosystem(), e.release(), normalise(e.ecosystem(), e.packageName())),
            k -> new ArrayList<>(2)).add(new Candidate(a, e));
      }
    }
    idx.replaceAll((k, v) -> List.copyOf(v));
    this.index = idx;
  }

  /** A database of the given advisories, with no feed summaries. */
  public static AdvisoryDb of(Collection<Advisory> advisories) {
    return new AdvisoryDb(new ArrayList<>(advisories), List.of());
  }

  /**
   * Loads every file, each of any supported kind (detected by content): OSV record, zip or directory, Debian
   * tracker JSON, Alpine secdb, Berth bundle (verified before it is read).
   *
   * @throws FeedFormatException if a file is not a well-formed feed; the message names it
   * @throws InvalidBundleException if a bundle fails verification
   */
  public static AdvisoryDb load(List<Path> files) throws IOException {
    List<Advisory> all = new ArrayList<>();
    List<FeedSummary> summaries = new ArrayList<>();
    for (Path f : files) {
      summaries.addAll(Feeds.read(f, all::add));
    }
    return new AdvisoryDb(all, summaries);
  }

  /** Every advisory, in load order. */
  public List<Advisory> advisories() {
    return advisories;
  }

  /** What each loaded feed held and what was skipped; empty for {@link #of}. */
  public List<FeedSummary> sources() {
    return sources;
  }

  /** How many advisories are held. */
  public int size() {
    return advisories.size();
  }

  /**
   * The advisory entries that name {@code packageName} in {@code ecosystem} and {@code release}, whatever
   * they say about versions (including "not affected"); the caller decides with a version comparator.
   *
   * @param release the OS release for OS ecosystems, empty for language ecosystems
   * @return the entries in load order; empty when none
   */
  public List<Candidate> candidates(Ecosystem ecosystem, Optional<ReleaseKey> release, String packageName) {
    return index.getOrDefault(new Key(ecosystem, release, normalise(ecosystem, packageName)), List.of());
  }

  /** The name as {@code ecosystem} compares names: PEP 503 for PyPI, unchanged otherwise. */
  public static String normalise(Ecosystem ecosystem, String name) {
    if (ecosystem == Ecosystem.PYPI) {
      return PEP503_SEPARATORS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
    }
    return name;
  }
}
