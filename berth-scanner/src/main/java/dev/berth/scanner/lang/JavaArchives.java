package dev.berth.scanner.lang;

/** Names of Java archives and of the metadata files inside them. */
final class JavaArchives {
  private static final String[] SUFFIXES = {".jar", ".war", ".ear", ".jpi", ".hpi"};

  private JavaArchives() {}

  /** Whether a file name (or zip entry name) names a Java archive: jar, war, ear, or Jenkins' jpi and hpi. */
  static boolean isArchiveName(String name) {
    for (String suffix : SUFFIXES) {
      if (name.regionMatches(true, name.length() - suffix.length(), suffix, 0, suffix.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a zip entry is a {@code META-INF/maven/**}{@code /pom.properties} file. */
  static boolean isPomProperties(String entryName) {
    return entryName.startsWith("META-INF/maven/") && entryName.endsWith("/pom.properties");
  }

  /** Whether a zip entry is the archive's manifest. */
  static boolean isManifest(String entryName) {
    return entryName.equalsIgnoreCase("META-INF/MANIFEST.MF");
  }

  /** The last segment of a path or entry name. */
  static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
