package dev.berth.scanner.lang;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds installed Python distributions from their core metadata: {@code *.dist-info/METADATA} (wheels, pip),
 * {@code *.egg-info/PKG-INFO} and {@code *.egg-info} files (setuptools, Debian's python3-* packages), and
 * {@code *.egg/EGG-INFO/PKG-INFO}.
 *
 * <p>The metadata is RFC 822 headers followed by a body; only the headers are read, as Python's
 * {@code email.feedparser} delimits them, and reading stops as soon as {@code Name} and {@code Version} are known.
 * The first occurrence of each header counts, as in {@code importlib.metadata}. Names are normalised per
 * <a href="https://peps.python.org/pep-0503/#normalized-names">PEP 503</a> (lower case, runs of {@code -_.}
 * become {@code -}); versions are reported as written.
 */
public final class PythonFinder implements PackageFinder {
  // Headers of real metadata are a few kilobytes; an old-style folded Description header can be long.
  static final long HEADER_CAP = 1 << 20;
  // email.feedparser's headerRE: a field name of printable characters but ':', then ':'; or a continuation.
  private static final Pattern HEADER = Pattern.compile("^[\\x21-\\x39\\x3b-\\x7e]*:");
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  /** Creates the finder; it holds no state. */
  public PythonFinder() {}

  @Override
  public String name() {
    return "python";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    String p = entry.path();
    return p.endsWith(".dist-info/METADATA")
        || p.endsWith(".egg-info/PKG-INFO")
        || p.endsWith(".egg-info")
        || p.endsWith(".egg/EGG-INFO/PKG-INFO");
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    Optional<String[]> nameAndVersion;
    try {
      nameAndVersion = readHeaders(SmallFiles.capped(content, HEADER_CAP, limits, entry.path()));
    } catch (OversizedFileException implausible) {
      return;
    }
    nameAndVersion.ifPresent(nv -> sink.addPackage(
        InstalledPackage.of(normalise(nv[0]), nv[1], Ecosystem.PYPI, entry.path())));
  }

  /** PEP 503 normalisation: {@code Foo.Bar__baz} becomes {@code foo-bar-baz}. */
  static String normalise(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  private static Optional<String[]> readHeaders(InputStream in) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String name = null;
    String version = null;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        break;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.startsWith("From ")) {
        continue;
      }
      if (!HEADER.matcher(line).lookingAt()) {
        break; // feedparser starts the body at the first line that is not a header
      }
      int colon = line.indexOf(':');
      String field = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      if (name == null && field.equalsIgnoreCase("Name")) {
        name = value;
      } else if (version == null && field.equalsIgnoreCase("Version")) {
        version = value;
      }
      if (name != null && version != null) {
        break;
      }
    }
    if (name == null || version == null || name.isEmpty() || version.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String[] {name, version});
  }
}
