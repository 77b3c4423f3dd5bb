package dev.berth.scanner.version;

/** A string that is not a version of the scheme that was asked to compare it. */
public final class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidVersionException(VersionScheme.Kind kind, String version, String why) {
    super("invalid " + kind.name().toLowerCase(java.util.Locale.ROOT) + " version '" + version + "': " + why);
  }
}
