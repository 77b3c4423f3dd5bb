package dev.berth.scanner.advisory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Counts what a reader read, produced and skipped; one per feed read, not shared between threads. */
final class Tally {
  private final String name;
  private final FeedKind kind;
  private final Map<String, Long> ignored = new HashMap<>();
  private long records;
  private long advisories;

  Tally(String name, FeedKind kind) {
    this.name = name;
    this.kind = kind;
  }

  void record() {
    records++;
  }

  void ignore(String reason) {
    ignored.merge(reason, 1L, Long::sum);
  }

  /** Passes {@code advisory} on and counts it. */
  void emit(Advisory advisory, Consumer<? super Advisory> sink) {
    advisories++;
    sink.accept(advisory);
  }

  FeedSummary summary() {
    return new FeedSummary(name, kind, records, advisories, ignored);
  }
}
