package dev.berth.scanner.match;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.advisory.AdvisoryDb;
import dev.berth.scanner.advisory.AdvisoryDb.Candidate;
import dev.berth.scanner.advisory.ReleaseKey;
import dev.berth.scanner.advisory.VersionRange;
import dev.berth.scanner.version.InvalidVersionException;
import dev.berth.scanner.version.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Matches installed packages against an {@link AdvisoryDb}, with the version ordering of each ecosystem
 * supplied from outside (so that the comparators stay in {@code dev.berth.scanner.version}).
 *
 * <p><b>Candidates.</b> OS packages are looked up under the image's release ({@link ReleaseKey#of}) and never
 * match advisories of another distribution or release; language packages under their ecosystem alone.
 * Advisory entries that name a source package (the Debian tracker, Debian and Alpine OSV records, Alpine
 * secdb) are looked up by the installed package's source name (dpkg {@code Source:}, apk origin); entries
 * that name a binary or language package by its name (Maven {@code group:artifact}, PEP 503-normalised PyPI
 * names, npm names, Go module paths).
 *
 * <p><b>Which version is compared.</b> As claircore's Debian and Alpine matchers do, the installed
 * <em>binary</em> package's version is compared with the advisory's fixed version, even when the entry was
 * found by source name. The two agree for nearly every package; they differ for binaries versioned apart
 * from their source (Debian's {@code gcc-defaults} builds {@code gcc 4:12.2.0-3}; binNMUs add {@code +bN}),
 * where Clair, and so Berth, may miss or over-report. Following Clair keeps Berth's reports comparable.
 *
 * <p>Each (package, advisory) is reported once; when several entries of one advisory affect a package, the
 * one with a fixed version wins, the highest fixed version first (the upgrade that clears them all). Records of
 * one feed that alias each other (a GHSA and its PYSEC twin) are one flaw, reported once ({@link
 * AliasedFindings}).
 */
public final class Matcher {
  private final Function<VersionScheme.Kind, VersionScheme> schemes;

  /**
   * @param schemes the version ordering for each kind, such as {@code VersionSchemes::of}; called lazily, at
   *     most once per kind and match
   */
  public Matcher(Function<VersionScheme.Kind, VersionScheme> schemes) {
    this.schemes = Objects.requireNonNull(schemes, "schemes");
  }

  /** {@link #match(String, List, Optional, AdvisoryDb)} without a manifest digest. */
  public VulnerabilityReport match(
      List<InstalledPackage> packages, Optional<Distribution> distribution, AdvisoryDb db) {
    return match("", packages, distribution, db);
  }

  /**
   * Finds the advisories that affect each package.
   *
   * @param manifestHash the image manifest's digest, carried into the report
   * @param distribution the image's distribution; without it OS packages are not matched (and a warning says
   *     so)
   * @return the report; versions that a comparator rejects become warnings, not errors
   */
  public VulnerabilityReport match(String manifestHash, List<InstalledPackage> packages,
      Optional<Distribution> distribution, AdvisoryDb db) {
    Optional<ReleaseKey> release = distribution.flatMap(ReleaseKey::of);
    Map<VersionScheme.Kind, VersionScheme> cache = new EnumMap<>(VersionScheme.Kind.class);
    List<Finding> findings = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int osWithoutRelease = 0;
    for (InstalledPackage pkg : packages) {
      Ecosystem eco = pkg.ecosystem();
      if (eco.isOperatingSystem() && release.isEmpty()) {
        osWithoutRelease++;
        continue;
      }
      Optional<ReleaseKey> key = eco.isOperatingSystem() ? release : Optional.empty();
      Function<VersionRange.Type, VersionComparison> compare = type -> new VersionComparison(
          cache.computeIfAbsent(schemeKind(eco, type), schemes), eco);
      findings.addAll(matchOne(pkg, candidates(pkg, key, db), compare, warnings));
    }
    if (osWithoutRelease > 0) {
      warnings.add(osWithoutRelease + (osWithoutRelease == 1 ? " OS package was" : " OS packages were")
          + " not matched: the image's distribution release is "
          + distribution.map(d -> "not known to Berth (" + d.id() + " " + d.versionId() + ")").orElse("unknown"));
    }
    return new VulnerabilityReport(manifestHash, packages, distribution, findings, warnings);
  }

  private static List<Candidate> candidates(InstalledPackage pkg, Optional<ReleaseKey> key, AdvisoryDb db) {
    List<Candidate> out = new ArrayList<>();
    for (Candidate c : db.candidates(pkg.ecosystem(), key, pkg.sourceName())) {
      if (c.affected().sourcePackage()) {
        out.add(c);
      }
    }
    for (Candidate c : db.candidates(pkg.ecosystem(), key, pkg.name())) {
      if (!c.affected().sourcePackage()) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<Finding> matchOne(InstalledPackage pkg, List<Candidate> candidates,
      Function<VersionRange.Type, VersionComparison> compare, List<String> warnings) {
    Map<String, Finding> byAdvisory = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      Verdict v;
      try {
        v = OsvRanges.evaluate(c.affected().versions(), pkg.version(), compare);
      } catch (InvalidVersionException e) {
        warnings.add(pkg.name() + " " + pkg.version() + " (" + pkg.path() + ") was not checked against "
            + c.advisory().id() + ": " + e.getMessage());
        continue;
      }
      if (!v.affected()) {
        continue;
      }
      Finding f = new Finding(pkg, c.advisory(), c.affected(), c.advisory().severityOf(c.affected()),
          v.fixedIn(), v.introduced());
      byAdvisory.merge(c.advisory().source() + "\u0000" + c.advisory().id(), f,
          (old, neu) -> better(old, neu, compare.apply(VersionRange.Type.ECOSYSTEM)));
    }
    List<Finding> out = new ArrayList<>(AliasedFindings.collapse(List.copyOf(byAdvisory.values())));
    out.sort(Comparator.comparing((Finding f) -> f.severity().normalized()).reversed()
        .thenComparing(f -> f.advisory().id()));
    return out;
  }

  private static Finding better(Finding a, Finding b, VersionComparison c) {
    if (a.fixedIn().isEmpty() || b.fixedIn().isEmpty()) {
      return a.fixedIn().isPresent() ? a : b.fixedIn().isPresent() ? b : a;
    }
    try {
      return c.compare(b.fixedIn().get(), a.fixedIn().get()) > 0 ? b : a;
    } catch (InvalidVersionException e) {
      return a;
    }
  }

  // SEMVER ranges are SemVer whatever the ecosystem, except Go, whose own ordering is SemVer with a v.
  private static VersionScheme.Kind schemeKind(Ecosystem eco, VersionRange.Type type) {
    return type == VersionRange.Type.SEMVER && eco != Ecosystem.GO ? VersionScheme.Kind.SEMVER : eco.scheme();
  }
}
