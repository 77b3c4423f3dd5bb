package dev.berth.scanner.advisory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One advisory in Berth's feed-independent model, shaped like an OSV record.
 *
 * @param id the advisory's id in its feed ({@code GHSA-…}, {@code CVE-…}, {@code DSA-…})
 * @param source which feed reader produced it ({@code osv}, {@code debian-security-tracker},
 *     {@code alpine-secdb}); reports show it as Clair's {@code updater}
 * @param aliases other ids of the same flaw
 * @param summary a one-line summary; empty when the feed has none
 * @param description the long description; empty when the feed has none
 * @param references links to more information
 * @param published when the advisory was first published, if the feed says
 * @param modified when the advisory last changed, if the feed says
 * @param severity the advisory-wide severity; {@link Affected#severity()} may override it per package
 * @param affected the packages it affects (or records as not affected)
 */
public record Advisory(
    String id,
    String source,
    List<String> aliases,
    String summary,
    String description,
    List<Reference> references,
    Optional<Instant> published,
    Optional<Instant> modified,
    Severity severity,
    List<Affected> affected) {
  public Advisory {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(severity, "severity");
    if (id.isBlank()) {
      throw new IllegalArgumentException("advisory id is blank");
    }
    aliases = List.copyOf(aliases);
    references = List.copyOf(references);
    affected = List.copyOf(affected);
  }

  /** The severity that applies to one affected entry: its own when it has one, else the advisory's. */
  public Severity severityOf(Affected entry) {
    return entry.severity().orElse(severity);
  }
}
