package dev.berth.scanner.index;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an image contains once its layers are merged: the shape of Clair v4's IndexReport (written as such by
 * {@link ClairIndexReportJson}).
 *
 * @param manifestDigest the manifest digest
 * @param state where indexing ended
 * @param distribution the topmost surviving distribution release, if any layer has one
 * @param packages the packages that survive the upper layers' whiteouts and replacements
 * @param error why indexing failed; empty on success
 */
public record IndexReport(
    String manifestDigest,
    State state,
    Optional<IndexedDistribution> distribution,
    List<IndexedPackage> packages,
    String error) {

  /** Clair's indexer end states. */
  public enum State {
    INDEX_FINISHED("IndexFinished"),
    INDEX_ERROR("IndexError");

    private final String clairName;

    State(String clairName) {
      this.clairName = clairName;
    }

    /** The name Clair uses in {@code state}. */
    public String clairName() {
      return clairName;
    }
  }

  public IndexReport {
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(distribution, "distribution");
    packages = List.copyOf(packages);
    error = Objects.requireNonNullElse(error, "");
    if (state == State.INDEX_ERROR && error.isEmpty()) {
      throw new IllegalArgumentException("a failed index report needs an error");
    }
  }

  /** A successful report. */
  public static IndexReport finished(
      String manifestDigest, Optional<IndexedDistribution> distribution, List<IndexedPackage> packages) {
    return new IndexReport(manifestDigest, State.INDEX_FINISHED, distribution, packages, "");
  }

  /** A report for an image that could not be indexed, to store in place of a result. */
  public static IndexReport failed(String manifestDigest, String error) {
    return new IndexReport(manifestDigest, State.INDEX_ERROR, Optional.empty(), List.of(), error);
  }

  /** Whether indexing finished. */
  public boolean success() {
    return state == State.INDEX_FINISHED;
  }
}
