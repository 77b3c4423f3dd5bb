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

/**
 * Reads Alpine's installed database {@code lib/apk/db/installed} (apk-tools v2 format: blank-line separated
 * records of {@code X:value} lines; apk-spec "Installed Database V2"): {@code P:} name, {@code V:} version,
 * {@code A:} architecture, {@code o:} origin (the source package). A record without a name or version is
 * skipped.
 *
 * <p>Images with a merged {@code /usr} (Wolfi, Chainguard: {@code lib -> usr/lib}) hold the same database at
 * {@code usr/lib/apk/db/installed}, and it is read there too. When an image holds both files, the merge keeps
 * one ({@link dev.berth.scanner.index.ImageIndexer#merge}).
 */
final class ApkFinder implements PackageFinder {
  static final String INSTALLED = "lib/apk/db/installed";
  static final String INSTALLED_USR_MERGED = "usr/lib/apk/db/installed";
  private static final int MAX_LINE = 64 * 1024;

  @Override
  public String name() {
    return "apk";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    return entry.path().equals(INSTALLED) || entry.path().equals(INSTALLED_USR_MERGED);
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    LineReader lines = new LineReader(content, MAX_LINE);
    Record record = new Record();
    for (Optional<String> line = lines.next(); line.isPresent(); line = lines.next()) {
      String text = line.get();
      if (text.isBlank()) {
        record.emit(entry.path(), sink);
        record = new Record();
      } else if (text.length() >= 2 && text.charAt(1) == ':') {
        record.field(text.charAt(0), text.substring(2).strip());
      }
    }
    record.emit(entry.path(), sink);
  }

  private static final class Record {
    private String name;
    private String version;
    private String arch;
    private String origin;

    void field(char key, String value) {
      switch (key) {
        case 'P' -> name = value;
        case 'V' -> version = value;
        case 'A' -> arch = value;
        case 'o' -> origin = value;
        default -> {
          // checksums, file lists, dependencies: not reported
        }
      }
    }

    void emit(String path, FindingSink sink) {
      if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
        return;
      }
      sink.addPackage(new InstalledPackage(name, version, Ecosystem.ALPINE, origin, version, arch, path));
    }
  }
}
