package dev.berth.scanner.advisory;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What reading one feed produced.
 *
 * @param name the feed's file name
 * @param kind what kind of feed it was
 * @param records how many input records were read (OSV records; tracker source-package×CVE pairs; secdb
 *     package×id pairs)
 * @param advisories how many advisories were produced (records whose every package was unsupported or that
 *     were withdrawn produce none)
 * @param ignored what was skipped and why, with counts: {@code ecosystem:crates.io}, {@code range:GIT},
 *     {@code withdrawn}, {@code release:hamm}, …
 */
public record FeedSummary(String name, FeedKind kind, long records, long advisories, Map<String, Long> ignored) {
  public FeedSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    ignored = Map.copyOf(ignored);
  }

  /** The ignored counts sorted by reason, for stable display. */
  public Map<String, Long> ignoredSorted() {
    return new TreeMap<>(ignored);
  }
}
