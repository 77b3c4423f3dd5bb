package dev.berth.scanner.advisory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.scanner.Ecosystem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the Debian security tracker's JSON: source package → CVE → {@code releases} → code name →
 * {@code status}, {@code fixed_version}, {@code urgency}.
 *
 * <p>The file (tens of MB) is streamed: one source package's object is held at a time. Each (source
 * package, CVE) becomes one advisory whose affected entries are that package's releases, keyed by SOURCE
 * package name. Per release: {@code fixed_version} {@code "0"} means not affected; another
 * {@code fixed_version} means fixed in that version; none (an open or undetermined issue) means unfixed, as
 * claircore's Debian matcher treats an empty fixed version. Code names map to release numbers
 * ({@code bookworm}→{@code debian:12}, {@code sid}→{@code debian:unstable}); unknown ones are counted under
 * {@code release:NAME}. The urgency becomes the entry's severity with Clair's one-step shift
 * ({@link Severity#ofDebianUrgency}).
 */
final class DebianTrackerReader {
  static final String SOURCE = "debian-security-tracker";
  static final String TRACKER = "https://security-tracker.debian.org/tracker/";

  private static final AffectedVersions UNFIXED = new AffectedVersions.Unfixed();
  private static final AffectedVersions NOT_AFFECTED = new AffectedVersions.NotAffected();

  private final Tally tally;
  // A tracker file repeats a dozen code names and urgencies across ~10^6 entries: share their values.
  private final Map<String, Optional<ReleaseKey>> releases = new HashMap<>();
  private final Map<String, Optional<Severity>> urgencies = new HashMap<>();

  DebianTrackerReader(Tally tally) {
    this.tally = tally;
  }

  void read(InputStream in, String name, Consumer<? super Advisory> sink) throws IOException {
    try (JsonParser p = Json.MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new FeedFormatException(name + ": Debian tracker JSON must be an object of source packages");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String source = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new FeedFormatException(name + ": source package '" + source + "' is not an object");
        }
        JsonNode cves = p.readValueAsTree();
        for (Map.Entry<String, JsonNode> cve : cves.properties()) {
          advisory(source, cve.getKey(), cve.getValue()).ifPresent(a -> tally.emit(a, sink));
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new FeedFormatException(name + ": unexpected " + p.currentToken() + " after source packages");
      }
    }
  }

  private Optional<Advisory> advisory(String source, String id, JsonNode data) {
    tally.record();
    List<Affected> affected = new ArrayList<>();
    JsonNode releases = data.path("releases");
    // The tracker writes an empty release set as [] rather than {}.
    if (releases.isObject()) {
      for (Map.Entry<String, JsonNode> release : releases.properties()) {
        entry(source, release.getKey(), release.getValue()).ifPresent(affected::add);
      }
    }
    if (affected.isEmpty()) {
      tally.ignore("cve-without-releases");
      return Optional.empty();
    }
    List<Reference> refs = new ArrayList<>();
    refs.add(new Reference("ADVISORY", TRACKER + id));
    JsonNode bug = data.get("debianbug");
    if (bug != null && bug.canConvertToLong()) {
      refs.add(new Reference("REPORT", "https://bugs.debian.org/" + bug.asLong()));
    }
    return Optional.of(new Advisory(id, SOURCE, List.of(), "", Json.text(data, "description"), refs,
        Optional.empty(), Optional.empty(), Severity.unknown(), affected));
  }

  private Optional<Affected> entry(String source, String codename, JsonNode release) {
    Optional<ReleaseKey> key = releases.computeIfAbsent(codename, ReleaseKey::debianCodename);
    if (key.isEmpty()) {
      tally.ignore("release:" + codename);
      return Optional.empty();
    }
    String fixed = Json.text(release, "fixed_version").strip();
    AffectedVersions versions;
    if (fixed.equals("0")) {
      versions = NOT_AFFECTED;
    } else if (!fixed.isEmpty()) {
      versions = new AffectedVersions.FixedIn(fixed);
    } else {
      versions = UNFIXED;
    }
    return Optional.of(new Affected(Ecosystem.DEBIAN, key, source, true, versions,
        urgencies.computeIfAbsent(Json.text(release, "urgency"), u -> Optional.of(Severity.ofDebianUrgency(u)))));
  }
}
