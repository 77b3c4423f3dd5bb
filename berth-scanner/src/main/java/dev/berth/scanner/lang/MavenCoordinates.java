package dev.berth.scanner.lang;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The Maven coordinates a Java archive declares about itself.
 *
 * @param groupId the group, a valid Maven id
 * @param artifactId the artifact, a valid Maven id
 * @param version the version: no white space, no unresolved {@code ${…}}
 */
record MavenCoordinates(String groupId, String artifactId, String version) {
  // Maven's own rule for group and artifact ids (DefaultModelValidator's ID_REGEX).
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-.]+");
  private static final Pattern VERSION = Pattern.compile("[^\\s$]+");
  private static final Pattern MANIFEST_VERSION = Pattern.compile("[0-9][^\\s$]*");
  private static final List<String> ARCHIVE_SUFFIXES = List.of(".jar", ".war", ".ear", ".jpi", ".hpi");

  MavenCoordinates {
    if (!isId(groupId) || !isId(artifactId) || !isVersion(version)) {
      throw new IllegalArgumentException("implausible coordinates " + groupId + ":" + artifactId + ":" + version);
    }
  }

  /** The package name Berth reports: {@code groupId:artifactId}. */
  String name() {
    return groupId + ":" + artifactId;
  }

  /**
   * Reads {@code META-INF/maven/…/pom.properties} (ISO-8859-1 with escapes, as {@link Properties} reads it).
   *
   * @return the coordinates, or empty when a key is missing or implausible (an unfiltered {@code ${…}})
   */
  static Optional<MavenCoordinates> fromPomProperties(byte[] content) {
    Properties p = new Properties();
    try {
      p.load(new ByteArrayInputStream(content));
    } catch (IOException | IllegalArgumentException malformed) {
      return Optional.empty();
    }
    return of(trimmed(p.getProperty("groupId")), trimmed(p.getProperty("artifactId")),
        trimmed(p.getProperty("version")));
  }

  /**
   * Infers coordinates from {@code META-INF/MANIFEST.MF} for an archive that has no {@code pom.properties}.
   * Manifests do not state Maven coordinates, so the rule asks for agreeing evidence and reports nothing rather
   * than a guess:
   *
   * <ol>
   *   <li>version: the first of {@code Implementation-Version}, {@code Bundle-Version} that starts with a digit
   *       and has no white space ({@code 5.13.0 (b0)} is skipped);
   *   <li>artifactId: the archive's file name when it is {@code <artifactId>-<version>.jar} for one of those
   *       versions (the Maven repository layout, kept by most builds); otherwise {@code Implementation-Title} when
   *       it is a valid Maven id (no spaces: {@code Apache Commons IO} is not one);
   *   <li>groupId: {@code Bundle-SymbolicName} without its directives, less a final {@code .<artifactId>}, when
   *       what remains has a dot ({@code com.fasterxml.woodstox.woodstox-core} gives {@code com.fasterxml.woodstox};
   *       {@code org.jsoup} for {@code jsoup} gives nothing); otherwise {@code Implementation-Vendor-Id} when it is a
   *       valid Maven id (maven-archiver writes the groupId there, though Apache's parent POM writes
   *       {@code org.apache});
   *   <li>all three must be found, else the archive is not reported.
   * </ol>
   *
   * @param content the manifest bytes
   * @param archiveFileName the last path segment of the archive ({@code jna-5.13.0.jar})
   */
  static Optional<MavenCoordinates> fromManifest(byte[] content, String archiveFileName) {
    Attributes main;
    try {
      main = new Manifest(new ByteArrayInputStream(content)).getMainAttributes();
    } catch (IOException | RuntimeException malformed) {
      return Optional.empty();
    }
    List<String> versions = java.util.stream.Stream.of(
            trimmed(main.getValue("Implementation-Version")), trimmed(main.getValue("Bundle-Version")))
        .filter(v -> v != null && MANIFEST_VERSION.matcher(v).matches())
        .toList();
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    String version = versions.getFirst();
    String artifactId = null;
    for (String v : versions) {
      Optional<String> stem = stemBefore(archiveFileName, v);
      if (stem.isPresent()) {
        artifactId = stem.get();
        version = v;
        break;
      }
    }
    if (artifactId == null) {
      artifactId = trimmed(main.getValue("Implementation-Title"));
    }
    if (!isId(artifactId)) {
      return Optional.empty();
    }
    String groupId = groupFromSymbolicName(trimmed(main.getValue("Bundle-SymbolicName")), artifactId);
    if (groupId == null) {
      groupId = trimmed(main.getValue("Implementation-Vendor-Id"));
    }
    return of(groupId, artifactId, version);
  }

  private static Optional<MavenCoordinates> of(String groupId, String artifactId, String version) {
    if (!isId(groupId) || !isId(artifactId) || !isVersion(version)) {
      return Optional.empty();
    }
    return Optional.of(new MavenCoordinates(groupId, artifactId, version));
  }

  // "jna-5.13.0.jar" with version "5.13.0" gives "jna".
  private static Optional<String> stemBefore(String fileName, String version) {
    for (String suffix : ARCHIVE_SUFFIXES) {
      String tail = "-" + version + suffix;
      if (fileName.length() > tail.length() && fileName.regionMatches(
          true, fileName.length() - tail.length(), tail, 0, tail.length())) {
        return Optional.of(fileName.substring(0, fileName.length() - tail.length()));
      }
    }
    return Optional.empty();
  }

  private static String groupFromSymbolicName(String symbolicName, String artifactId) {
    if (symbolicName == null) {
      return null;
    }
    int directives = symbolicName.indexOf(';');
    String bsn = (directives < 0 ? symbolicName : symbolicName.substring(0, directives)).trim();
    String tail = "." + artifactId;
    if (!bsn.endsWith(tail)) {
      return null;
    }
    String group = bsn.substring(0, bsn.length() - tail.length());
    return group.indexOf('.') > 0 ? group : null;
  }

  private static String trimmed(String s) {
    return s == null ? null : s.trim();
  }

  private static boolean isId(String s) {
    return s != null && ID.matcher(s).matches();
  }

  private static boolean isVersion(String s) {
    return s != null && VERSION.matcher(s).matches();
  }
}
