package dev.berth.scanner.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Renders a {@link VulnerabilityReport} as a plain text table for terminals and CI logs: package, installed
 * version, advisory, severity and fixed-in version, gravest first, then a one-line total.
 */
public final class TableReport {
  private static final List<String> HEADER = List.of("PACKAGE", "INSTALLED", "ADVISORY", "SEVERITY", "FIXED-IN");

  private TableReport() {}

  /** The table, with a trailing newline; a single line saying so when nothing is affected. */
  public static String render(VulnerabilityReport report) {
    List<Finding> findings = new ArrayList<>(report.findings());
    if (findings.isEmpty()) {
      int scanned = report.packages().size();
      return "No known vulnerabilities in " + scanned + (scanned == 1 ? " package.\n" : " packages.\n");
    }
    findings.sort(Comparator.comparing((Finding f) -> f.severity().normalized()).reversed()
        .thenComparing(f -> f.pkg().name())
        .thenComparing(f -> f.pkg().version())
        .thenComparing(f -> f.advisory().id()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (Finding f : findings) {
      rows.add(List.of(f.pkg().name(), f.pkg().version(), f.advisory().id(), f.severity().normalized().clairName(),
          f.fixedIn().orElse("(none)")));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        out.append(cell);
        if (c < row.size() - 1) {
          out.append(" ".repeat(widths[c] - cell.length() + 2));
        }
      }
      out.append('\n');
    }
    long affected = findings.stream().map(f -> f.pkg()).distinct().count();
    out.append(findings.size()).append(findings.size() == 1 ? " vulnerability" : " vulnerabilities")
        .append(" in ").append(affected).append(affected == 1 ? " package" : " packages")
        .append(" (of ").append(report.packages().size()).append(" scanned).\n");
    return out.toString();
  }
}
