package dev.berth.scanner.os;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * Reads dpkg's database: {@code var/lib/dpkg/status}, and the one-paragraph-per-package files of distroless
 * images in {@code var/lib/dpkg/status.d/} ({@code *.md5sums} skipped). Paragraphs are deb822 (Debian Policy
 * §5.1); only the fields we report are kept, so the file is read as a stream whatever its size.
 */
final class DpkgFinder implements PackageFinder {
  static final String STATUS = "var/lib/dpkg/status";
  static final String STATUS_D = "var/lib/dpkg/status.d";
  private static final int MAX_LINE = 64 * 1024;
  /**
   * dpkg(1) "Package states": in these the package's files are unpacked and configured (trigger states are
   * configured packages waiting on another package's trigger).
   */
  private static final Set<String> INSTALLED_STATES = Set.of("installed", "triggers-awaited", "triggers-pending");

  @Override
  public String name() {
    return "dpkg";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    String path = entry.path();
    if (path.equals(STATUS)) {
      return true;
    }
    if (path.length() <= STATUS_D.length() + 1 || !path.startsWith(STATUS_D)
        || path.charAt(STATUS_D.length()) != '/') {
      return false;
    }
    String name = path.substring(STATUS_D.length() + 1);
    return name.indexOf('/') < 0 && !name.endsWith(".md5sums") && !name.startsWith(".");
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    LineReader lines = new LineReader(content, MAX_LINE);
    Paragraph paragraph = new Paragraph();
    for (Optional<String> line = lines.next(); line.isPresent(); line = lines.next()) {
      String text = line.get();
      if (text.isBlank()) {
        paragraph.emit(entry.path(), sink);
        paragraph = new Paragraph();
      } else if (text.charAt(0) != ' ' && text.charAt(0) != '\t') {
        paragraph.field(text);
      }
    }
    paragraph.emit(entry.path(), sink);
  }

  /** The fields of one package paragraph that we report. */
  private static final class Paragraph {
    private String packageName;
    private String version;
    private String source;
    private String status;
    private String architecture;

    void field(String line) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        return;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      // deb822 field names are case-insensitive
      if (key.equalsIgnoreCase("Package")) {
        packageName = value;
      } else if (key.equalsIgnoreCase("Version")) {
        version = value;
      } else if (key.equalsIgnoreCase("Source")) {
        source = value;
      } else if (key.equalsIgnoreCase("Status")) {
        status = value;
      } else if (key.equalsIgnoreCase("Architecture")) {
        architecture = value;
      }
    }

    void emit(String path, FindingSink sink) {
      if (packageName == null || packageName.isEmpty() || version == null || version.isEmpty()) {
        return;
      }
      // distroless status.d paragraphs carry no Status field: the file's presence means installed
      if (status != null && !installed(status)) {
        return;
      }
      String sourceName = packageName;
      String sourceVersion = version;
      if (source != null && !source.isEmpty()) {
        // "Source: name" or "Source: name (version)" when the source version differs (Policy §5.6.1)
        int space = source.indexOf(' ');
        sourceName = space < 0 ? source : source.substring(0, space);
        int open = source.indexOf('(');
        int close = source.lastIndexOf(')');
        if (open > 0 && close > open + 1) {
          sourceVersion = source.substring(open + 1, close).strip();
        }
      }
      sink.addPackage(new InstalledPackage(packageName, version, Ecosystem.DEBIAN, sourceName, sourceVersion,
          architecture, path));
    }

    private static boolean installed(String status) {
      String[] words = status.trim().split("\\s+");
      return words.length == 3 && INSTALLED_STATES.contains(words[2]);
    }
  }
}
