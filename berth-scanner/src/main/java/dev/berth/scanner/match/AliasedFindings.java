package dev.berth.scanner.match;

import dev.berth.scanner.advisory.Advisory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reports a flaw once per package when one feed has several records of it. osv.dev's PyPI data, for one, holds a
 * GHSA and a PYSEC record for most flaws, each naming the other (or the same CVE) among its aliases.
 *
 * <p>Two findings for one package are the same flaw when their advisories come from the same feed and one's id
 * is among the other's aliases, or they share an alias (a CVE, usually); the relation is closed transitively.
 * Of each such group one finding is kept: the one whose severity says most (a CVSS vector, then a named
 * severity, then none), then the one with a fixed version, the higher severity, and the smaller id. The ids of
 * the others become aliases of the kept advisory. Findings from different feeds, such as a Debian tracker CVE
 * and the DSA that fixes it, are all kept.
 */
final class AliasedFindings {
  private static final Comparator<Finding> MOST_INFORMATIVE_FIRST = Comparator
      .comparingInt(AliasedFindings::severityInformation).reversed()
      .thenComparing((Finding f) -> f.fixedIn().isEmpty())
      .thenComparing((Finding f) -> f.severity().normalized(), Comparator.reverseOrder())
      .thenComparing(f -> f.advisory().id());

  private AliasedFindings() {}

  /** One finding per flaw, in the order of each flaw's first finding. */
  static List<Finding> collapse(List<Finding> findings) {
    if (findings.size() < 2) {
      return findings;
    }
    int[] parent = new int[findings.size()];
    Map<String, Integer> firstWithName = new HashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      parent[i] = i;
      Advisory a = findings.get(i).advisory();
      for (String name : names(a)) {
        Integer other = firstWithName.putIfAbsent(a.source() + "\u0000" + name, i);
        if (other != null) {
          parent[root(parent, i)] = root(parent, other);
        }
      }
    }
    Map<Integer, List<Finding>> groups = new LinkedHashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      groups.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(findings.get(i));
    }
    List<Finding> out = new ArrayList<>(groups.size());
    for (List<Finding> group : groups.values()) {
      out.add(group.size() == 1 ? group.get(0) : keepOne(group));
    }
    return out;
  }

  private static Set<String> names(Advisory a) {
    Set<String> names = new LinkedHashSet<>();
    names.add(a.id());
    names.addAll(a.aliases());
    return names;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static Finding keepOne(List<Finding> group) {
    Finding kept = group.stream().min(MOST_INFORMATIVE_FIRST).orElseThrow();
    Advisory a = kept.advisory();
    Set<String> aliases = new LinkedHashSet<>(a.aliases());
    group.stream().map(f -> f.advisory().id()).filter(id -> !id.equals(a.id())).sorted().forEach(aliases::add);
    Advisory merged = new Advisory(a.id(), a.source(), List.copyOf(aliases), a.summary(), a.description(),
        a.references(), a.published(), a.modified(), a.severity(), a.affected());
    return new Finding(kept.pkg(), merged, kept.affected(), kept.severity(), kept.fixedIn(), kept.introduced());
  }

  /** 2 for a CVSS vector, 1 for a named severity, 0 for none. */
  private static int severityInformation(Finding f) {
    if (f.severity().cvss().isPresent()) {
      return 2;
    }
    return f.severity().raw().isBlank() ? 0 : 1;
  }
}
