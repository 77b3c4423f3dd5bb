package dev.berth.scanner.lang;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Finds installed npm packages: the {@code package.json} at the root of a package directory inside
 * {@code node_modules} ({@code …/node_modules/<name>/package.json} or
 * {@code …/node_modules/@scope/<name>/package.json}, {@code usr/lib/node_modules/…} included). A
 * {@code package.json} elsewhere belongs to application sources or is a marker deeper inside a package (such as
 * {@code dist/esm/package.json} holding only {@code "type"}), and is not a package.
 *
 * <p>The file is parsed as a stream, reading at most {@link #PACKAGE_JSON_CAP} bytes, and reported only when its
 * top-level {@code name} and {@code version} are both non-empty strings (the last occurrence counts, as with
 * {@code JSON.parse}). Invalid JSON is skipped.
 */
public final class NpmFinder implements PackageFinder {
  /** The largest {@code package.json} read; real ones are kilobytes, rarely a few hundred. */
  public static final long PACKAGE_JSON_CAP = 8L << 20;

  private static final String FILE = "/package.json";
  private static final String NODE_MODULES = "node_modules";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Creates the finder; it holds no state. */
  public NpmFinder() {}

  @Override
  public String name() {
    return "npm";
  }

  /** Wants package-root {@code package.json} files under {@code node_modules} no larger than the cap. */
  @Override
  public boolean wants(LayerEntry entry) {
    return entry.size() <= PACKAGE_JSON_CAP && isPackageRoot(entry.path());
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    String name = null;
    String version = null;
    try (JsonParser p = JSON.createParser(SmallFiles.capped(content, PACKAGE_JSON_CAP, limits, entry.path()))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
        if (field.equals("name")) {
          name = text;
        } else if (field.equals("version")) {
          version = text;
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return; // JSON.parse refuses anything after the top-level value
      }
    } catch (OversizedFileException | JacksonException malformed) {
      return;
    }
    if (name != null && !name.isBlank() && version != null && !version.isBlank()) {
      sink.addPackage(InstalledPackage.of(name, version, Ecosystem.NPM, entry.path()));
    }
  }

  // …/node_modules/<name>/package.json or …/node_modules/@scope/<name>/package.json
  static boolean isPackageRoot(String path) {
    if (!path.endsWith(FILE)) {
      return false;
    }
    int dirEnd = path.length() - FILE.length();
    int nameStart = path.lastIndexOf('/', dirEnd - 1) + 1;
    if (nameStart == 0 || nameStart >= dirEnd || path.charAt(nameStart) == '@' || path.charAt(nameStart) == '.') {
      return false;
    }
    int parentStart = path.lastIndexOf('/', nameStart - 2) + 1;
    if (isSegment(path, parentStart, nameStart - 1, NODE_MODULES)) {
      return true;
    }
    if (path.charAt(parentStart) != '@' || parentStart == 0) {
      return false;
    }
    int grandStart = path.lastIndexOf('/', parentStart - 2) + 1;
    return isSegment(path, grandStart, parentStart - 1, NODE_MODULES);
  }

  private static boolean isSegment(String path, int start, int end, String segment) {
    return end - start == segment.length() && path.startsWith(segment, start);
  }
}
