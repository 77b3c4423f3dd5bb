package dev.berth.scanner.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.scanner.Ecosystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Maps OSV records (<a href="https://ossf.github.io/osv-schema/">OSV schema</a> 1.x) to {@link Advisory}.
 *
 * <p>Ecosystems: {@code Debian:N}, {@code Alpine:vX.Y}, {@code Maven}, {@code PyPI}, {@code npm} and
 * {@code Go}; every other ecosystem is counted under {@code ecosystem:NAME} and skipped. Ranges of type
 * {@code ECOSYSTEM} and {@code SEMVER} are kept; {@code GIT} ranges cannot be evaluated without the
 * repository and are counted under {@code range:GIT}. Severity: a CVSS vector from the {@code severity}
 * array (v3 preferred, then v2, then v4), else {@code database_specific.severity}; per package,
 * {@code affected[].severity}, {@code ecosystem_specific.severity} or {@code database_specific.severity}.
 */
final class OsvReader {
  static final String SOURCE = "osv";

  private final Tally tally;

  OsvReader(Tally tally) {
    this.tally = tally;
  }

  /** Maps one record and passes it to {@code sink} unless it is withdrawn or affects nothing Berth knows. */
  void read(JsonNode record, String where, Consumer<? super Advisory> sink) throws FeedFormatException {
    tally.record();
    String id = Json.text(record, "id");
    if (!record.isObject() || id.isBlank()) {
      throw new FeedFormatException(where + ": not an OSV record (no id)");
    }
    if (!Json.text(record, "withdrawn").isEmpty()) {
      tally.ignore("withdrawn");
      return;
    }
    List<Affected> affected = new ArrayList<>();
    JsonNode entries = record.path("affected");
    for (JsonNode entry : entries) {
      affected(entry, id).ifPresent(affected::add);
    }
    if (affected.isEmpty()) {
      tally.ignore("advisory-without-supported-package");
      return;
    }
    List<Reference> refs = new ArrayList<>();
    for (JsonNode r : record.path("references")) {
      String url = Json.text(r, "url");
      if (!url.isBlank()) {
        String type = Json.text(r, "type");
        refs.add(new Reference(type.isEmpty() ? "WEB" : type, url));
      }
    }
    Severity severity =
        severity(record.path("severity"), Json.text(record.path("database_specific"), "severity"))
            .orElse(Severity.unknown());
    tally.emit(new Advisory(id, SOURCE, Json.texts(record, "aliases"), Json.text(record, "summary"),
        Json.text(record, "details"), refs, Json.instant(record, "published"), Json.instant(record, "modified"),
        severity, affected), sink);
  }

  private Optional<Affected> affected(JsonNode entry, String id) {
    JsonNode pkg = entry.path("package");
    String ecosystemName = Json.text(pkg, "ecosystem");
    String name = Json.text(pkg, "name");
    if (ecosystemName.isBlank() || name.isBlank()) {
      tally.ignore("affected-without-package");
      return Optional.empty();
    }
    Optional<Placement> placement = place(ecosystemName);
    if (placement.isEmpty()) {
      int colon = ecosystemName.indexOf(':');
      tally.ignore("ecosystem:" + (colon < 0 ? ecosystemName : ecosystemName.substring(0, colon)));
      return Optional.empty();
    }
    List<VersionRange> ranges = new ArrayList<>();
    for (JsonNode range : entry.path("ranges")) {
      range(range).ifPresent(ranges::add);
    }
    List<String> versions = Json.texts(entry, "versions");
    if (ranges.isEmpty() && versions.isEmpty()) {
      tally.ignore("affected-without-ranges");
      return Optional.empty();
    }
    Optional<Severity> own =
        severity(entry.path("severity"), Json.text(entry.path("ecosystem_specific"), "severity"));
    if (own.isEmpty()) {
      own = Severity.ofName(Json.text(entry.path("database_specific"), "severity"));
    }
    Ecosystem eco = placement.get().ecosystem();
    return Optional.of(new Affected(eco, placement.get().release(), name, eco.isOperatingSystem(),
        new AffectedVersions.Ranges(ranges, versions), own));
  }

  private Optional<VersionRange> range(JsonNode range) {
    String type = Json.text(range, "type");
    VersionRange.Type t;
    switch (type) {
      case "ECOSYSTEM" -> t = VersionRange.Type.ECOSYSTEM;
      case "SEMVER" -> t = VersionRange.Type.SEMVER;
      default -> {
        tally.ignore("range:" + (type.isEmpty() ? "untyped" : type));
        return Optional.empty();
      }
    }
    List<VersionRange.Event> events = new ArrayList<>();
    for (JsonNode e : range.path("events")) {
      event(e).ifPresent(events::add);
    }
    if (events.stream().noneMatch(e -> e.kind() == VersionRange.EventKind.INTRODUCED)) {
      tally.ignore("range-without-introduced");
      return Optional.empty();
    }
    return Optional.of(new VersionRange(t, events));
  }

  private Optional<VersionRange.Event> event(JsonNode e) {
    for (VersionRange.EventKind kind : VersionRange.EventKind.values()) {
      String v = Json.text(e, kind.name().toLowerCase(Locale.ROOT));
      if (!v.isBlank()) {
        return Optional.of(new VersionRange.Event(kind, v));
      }
    }
    tally.ignore("event-malformed");
    return Optional.empty();
  }

  /**
   * The severity from an OSV {@code severity} array, falling back to a named severity. A vector with a
   * score wins; a named severity beats a vector Berth cannot score (v4), which is still kept.
   */
  static Optional<Severity> severity(JsonNode array, String named) {
    Optional<Cvss> best = Optional.empty();
    int bestRank = Integer.MAX_VALUE;
    for (JsonNode s : array) {
      int rank = switch (Json.text(s, "type")) {
        case "CVSS_V3" -> 0;
        case "CVSS_V2" -> 1;
        case "CVSS_V4" -> 2;
        default -> Integer.MAX_VALUE;
      };
      if (rank < bestRank) {
        Optional<Cvss> c = Cvss.parse(Json.text(s, "score"));
        if (c.isPresent()) {
          best = c;
          bestRank = rank;
        }
      }
    }
    if (best.isPresent() && best.get().baseScore().isPresent()) {
      return Optional.of(new Severity(best.get().band(), best.get().vector(), best));
    }
    Optional<Severity> byName = named.isBlank() ? Optional.empty() : Severity.ofName(named);
    if (byName.isPresent()) {
      return Optional.of(new Severity(byName.get().normalized(), named, best));
    }
    return best.map(c -> new Severity(NormalizedSeverity.UNKNOWN, c.vector(), Optional.of(c)));
  }

  /** Where an OSV ecosystem string puts a package in Berth's terms. */
  record Placement(Ecosystem ecosystem, Optional<ReleaseKey> release) {}

  static Optional<Placement> place(String osvEcosystem) {
    int colon = osvEcosystem.indexOf(':');
    String base = colon < 0 ? osvEcosystem : osvEcosystem.substring(0, colon);
    String suffix = colon < 0 ? "" : osvEcosystem.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
    try {
      return switch (base) {
        case "Debian" -> suffix.isEmpty() ? Optional.empty()
            : Optional.of(new Placement(Ecosystem.DEBIAN, Optional.of(new ReleaseKey("debian", suffix))));
        case "Alpine" -> suffix.isEmpty() ? Optional.empty()
            : Optional.of(new Placement(Ecosystem.ALPINE, Optional.of(new ReleaseKey("alpine", suffix))));
        case "Maven" -> language(Ecosystem.MAVEN, suffix);
        case "PyPI" -> language(Ecosystem.PYPI, suffix);
        case "npm" -> language(Ecosystem.NPM, suffix);
        case "Go" -> language(Ecosystem.GO, suffix);
        default -> Optional.empty();
      };
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  // Maven may carry a repository suffix (Maven:https://repo.example/); Berth treats all repositories alike.
  private static Optional<Placement> language(Ecosystem eco, String suffix) {
    return eco == Ecosystem.MAVEN || suffix.isEmpty()
        ? Optional.of(new Placement(eco, Optional.empty()))
        : Optional.empty();
  }
}
