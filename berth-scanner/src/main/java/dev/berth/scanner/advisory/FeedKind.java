package dev.berth.scanner.advisory;

/** The advisory sources Berth reads; {@link Feeds#detect} tells them apart by content, not by file name. */
public enum FeedKind {
  /** One OSV JSON record. */
  OSV_RECORD,
  /** A directory tree of OSV JSON records. */
  OSV_DIRECTORY,
  /** A zip of OSV JSON records, such as the per-ecosystem {@code all.zip} of osv.dev. */
  OSV_ZIP,
  /** The Debian security tracker's JSON ({@code https://security-tracker.debian.org/tracker/data/json}). */
  DEBIAN_TRACKER,
  /** An Alpine secdb file ({@code https://secdb.alpinelinux.org/v3.18/main.json}) or Wolfi's equivalent. */
  ALPINE_SECDB,
  /** A Berth offline bundle written by {@link AdvisoryBundle#export}. */
  BERTH_BUNDLE
}
