package dev.berth.scanner.version;

/** Builds {@link InvalidVersionException}s whose message stays short however long the hostile input. */
final class Invalid {
  private static final int MAX_SHOWN = 120;

  private Invalid() {}

  static InvalidVersionException version(VersionScheme.Kind kind, String version, String why) {
    String shown = version.length() <= MAX_SHOWN
        ? version
        : version.substring(0, MAX_SHOWN) + "…(" + version.length() + " chars)";
    return new InvalidVersionException(kind, shown, why);
  }
}
