package dev.berth.scanner.os;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the distribution release from {@code etc/os-release} and {@code usr/lib/os-release} (os-release(5)),
 * {@code etc/lsb-release} (Ubuntu, Linux Mint) and Alpine's {@code etc/issue}. Each file is reported on its own;
 * when several describe one layer, the image merge prefers os-release.
 */
final class OsReleaseFinder implements PackageFinder {
  static final String ETC_OS_RELEASE = "etc/os-release";
  static final String USR_LIB_OS_RELEASE = "usr/lib/os-release";
  static final String LSB_RELEASE = "etc/lsb-release";
  static final String ISSUE = "etc/issue";
  private static final Set<String> PATHS = Set.of(ETC_OS_RELEASE, USR_LIB_OS_RELEASE, LSB_RELEASE, ISSUE);
  /** These files are a few hundred bytes; anything past this is not a release file. */
  private static final int MAX_LINES = 512;
  private static final int MAX_LINE = 4096;
  private static final Pattern ALPINE_ISSUE = Pattern.compile("Alpine Linux (?:v)?(\\d+\\.\\d+)");
  private static final Pattern CODENAME_IN_VERSION = Pattern.compile("\\(([A-Za-z0-9._-]+)\\)");

  @Override
  public String name() {
    return "os-release";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    return PATHS.contains(entry.path());
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    Optional<Distribution> found = switch (entry.path()) {
      case ISSUE -> fromIssue(content);
      case LSB_RELEASE -> fromLsbRelease(readAssignments(content));
      default -> fromOsRelease(readAssignments(content));
    };
    found.ifPresent(d -> sink.addDistribution(entry.path(), d));
  }

  static Optional<Distribution> fromOsRelease(Map<String, String> fields) {
    if (!fields.containsKey("ID") && !fields.containsKey("NAME")) {
      return Optional.empty();
    }
    // os-release(5): "If not set, a default of ID=linux may be used"
    String id = fields.getOrDefault("ID", "linux").trim().toLowerCase(Locale.ROOT);
    if (id.isEmpty()) {
      id = "linux";
    }
    String codename = fields.getOrDefault("VERSION_CODENAME", "");
    if (codename.isBlank()) {
      codename = fields.getOrDefault("UBUNTU_CODENAME", "");
    }
    if (codename.isBlank()) {
      codename = codenameFromVersion(fields.getOrDefault("VERSION", ""));
    }
    return Optional.of(new Distribution(id, fields.get("VERSION_ID"), codename, fields.get("NAME"),
        fields.get("PRETTY_NAME"), fields.get("CPE_NAME")));
  }

  /** Debian and distroless images have only {@code VERSION="10 (buster)"}. */
  private static String codenameFromVersion(String version) {
    Matcher m = CODENAME_IN_VERSION.matcher(version);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
  }

  static Optional<Distribution> fromLsbRelease(Map<String, String> fields) {
    String id = fields.getOrDefault("DISTRIB_ID", "").trim();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Distribution(id.toLowerCase(Locale.ROOT), fields.get("DISTRIB_RELEASE"),
        fields.get("DISTRIB_CODENAME"), id, fields.get("DISTRIB_DESCRIPTION"), ""));
  }

  static Optional<Distribution> fromIssue(InputStream content) throws IOException {
    LineReader lines = new LineReader(content, MAX_LINE);
    for (int i = 0; i < MAX_LINES; i++) {
      Optional<String> line = lines.next();
      if (line.isEmpty()) {
        break;
      }
      Matcher m = ALPINE_ISSUE.matcher(line.get());
      if (m.find()) {
        String version = m.group(1);
        return Optional.of(new Distribution("alpine", version, "", "Alpine Linux", "Alpine Linux v" + version,
            ""));
      }
    }
    return Optional.empty();
  }

  /** Reads {@code KEY=value} lines with os-release(5)'s shell-like quoting; the last assignment wins. */
  static Map<String, String> readAssignments(InputStream content) throws IOException {
    Map<String, String> fields = new HashMap<>();
    LineReader lines = new LineReader(content, MAX_LINE);
    for (int i = 0; i < MAX_LINES; i++) {
      Optional<String> next = lines.next();
      if (next.isEmpty()) {
        break;
      }
      String line = next.get().strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      fields.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
    }
    return fields;
  }

  /** Removes shell quotes: {@code "a \"b\""} → {@code a "b"}, {@code 'a b'} → {@code a b}. */
  static String unquote(String value) {
    StringBuilder out = new StringBuilder(value.length());
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (c == '\\' && quote != '\'' && i + 1 < value.length()) {
        out.append(value.charAt(++i));
      } else if (quote == 0 && c == '#' && (i == 0 || Character.isWhitespace(value.charAt(i - 1)))) {
        break;
      } else {
        out.append(c);
      }
    }
    return out.toString().strip();
  }
}
