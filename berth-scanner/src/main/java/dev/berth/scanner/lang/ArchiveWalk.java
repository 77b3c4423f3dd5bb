package dev.berth.scanner.lang;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.ScanLimits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over one Java archive from a layer, nested archives included, reading each byte once from the stream.
 * Not thread-safe; one instance per file.
 *
 * <p>Budgets for the whole file, nested archives included: {@link ScanLimits#maxEntries()} zip entries and
 * {@link ScanLimits#maxDecompressedBytes()} inflated bytes (skipped entries count: a zip bomb costs time even
 * unread). Each entry, at any depth, may inflate to at most {@link ScanLimits#maxFileBytes()}, so a bomb fails
 * fast; archives nest at most {@link ScanLimits#maxNestingDepth()} deep (the archive in the layer is depth 0).
 */
final class ArchiveWalk {
  private static final Logger log = LoggerFactory.getLogger(ArchiveWalk.class);
  // pom.properties and MANIFEST.MF are a few hundred bytes to a few kilobytes; 1 MiB is no real one.
  static final long METADATA_CAP = 1 << 20;

  private final ScanLimits limits;
  private final FindingSink sink;
  // Skipping an entry means inflating it; ZipInputStream would do so 512 bytes per call.
  private final byte[] drain = new byte[64 * 1024];
  private long entries;
  private long inflated;

  ArchiveWalk(ScanLimits limits, FindingSink sink) {
    this.limits = limits;
    this.sink = sink;
  }

  /**
   * Reads the archive {@code in} (not closed) found at {@code archivePath}, reporting its packages and those of
   * the archives nested in it. A malformed or truncated archive ends its own walk quietly with what was found.
   */
  void walk(String archivePath, InputStream in, int depth) throws IOException {
    var zip = new CountingZipInputStream(in, archivePath);
    boolean foundPom = false;
    Optional<MavenCoordinates> fromManifest = Optional.empty();
    try (zip) {
      for (ZipEntry e = next(zip); e != null; e = next(zip)) {
        String where = entryPath(archivePath, e.getName());
        if (e.isDirectory()) {
          continue;
        }
        String name = e.getName();
        if (JavaArchives.isPomProperties(name)) {
          foundPom |= readPom(zip, where);
        } else if (JavaArchives.isManifest(name)) {
          fromManifest = SmallFiles.read(zip, METADATA_CAP, limits, where)
              .flatMap(b -> MavenCoordinates.fromManifest(b, JavaArchives.fileName(archivePath)));
        } else if (JavaArchives.isArchiveName(name)) {
          walkNested(zip, where, depth + 1);
        }
      }
    } catch (ZipException | EOFException malformed) {
      // Without the end of the archive we cannot know it has no pom.properties: no manifest fallback.
      log.atDebug().addKeyValue("archive", archivePath).addKeyValue("error", malformed.getMessage())
          .log("java archive malformed or truncated, stopped reading it");
      return;
    }
    if (!foundPom) {
      fromManifest.ifPresent(c -> report(c, archivePath + "!/META-INF/MANIFEST.MF"));
    }
  }

  private ZipEntry next(ZipInputStream zip) throws IOException {
    ZipEntry e;
    try {
      e = zip.getNextEntry();
    } catch (IllegalArgumentException badName) {
      // ZipInputStream reports an undecodable entry name this way
      throw new ZipException("malformed entry name: " + badName.getMessage());
    }
    if (e != null && ++entries > limits.maxEntries()) {
      throw new LimitExceededException("maxEntries", limits.maxEntries(), shortened(e.getName()));
    }
    return e;
  }

  private String entryPath(String archivePath, String entryName) throws LimitExceededException {
    if (archivePath.length() + 2 + entryName.length() > limits.maxPathLength()) {
      throw new LimitExceededException(
          "maxPathLength", limits.maxPathLength(), shortened(archivePath + "!/" + entryName));
    }
    return archivePath + "!/" + entryName;
  }

  private boolean readPom(InputStream zip, String where) throws IOException {
    Optional<MavenCoordinates> coordinates = SmallFiles.read(zip, METADATA_CAP, limits, where)
        .flatMap(MavenCoordinates::fromPomProperties);
    coordinates.ifPresent(c -> report(c, where));
    return coordinates.isPresent();
  }

  private void walkNested(InputStream zip, String where, int depth) throws IOException {
    if (depth > limits.maxNestingDepth()) {
      throw new LimitExceededException("maxNestingDepth", limits.maxNestingDepth(), where);
    }
    walk(where, zip, depth);
  }

  private void report(MavenCoordinates c, String path) {
    sink.addPackage(InstalledPackage.of(c.name(), c.version(), Ecosystem.MAVEN, path));
  }

  private static String shortened(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /**
   * Counts every inflated byte, per entry and in total, those that closeEntry() skips included: it reads through
   * read(byte[],int,int).
   */
  private final class CountingZipInputStream extends ZipInputStream {
    private final String archivePath;
    private String entryName = "";
    private long entryBytes;

    CountingZipInputStream(InputStream in, String archivePath) {
      // ISO-8859-1 decodes any name without the UTF-8 flag; flagged names are UTF-8 regardless
      super(in, StandardCharsets.ISO_8859_1);
      this.archivePath = archivePath;
    }

    @Override
    public void closeEntry() throws IOException {
      while (read(drain, 0, drain.length) >= 0) {
        // inflate and count the rest of the entry
      }
      super.closeEntry();
    }

    /** Frees the inflater's native memory now, leaving the source open: it belongs to the caller. */
    @Override
    public void close() {
      inf.end();
    }

    @Override
    public ZipEntry getNextEntry() throws IOException {
      ZipEntry e = super.getNextEntry(); // skips the rest of the previous entry, counted against it
      entryName = e == null ? "" : e.getName();
      entryBytes = 0;
      return e;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        inflated += n;
        entryBytes += n;
        if (entryBytes > limits.maxFileBytes()) {
          throw new LimitExceededException(
              "maxFileBytes", limits.maxFileBytes(), shortened(archivePath + "!/" + entryName));
        }
        if (inflated > limits.maxDecompressedBytes()) {
          throw new LimitExceededException("maxDecompressedBytes", limits.maxDecompressedBytes(), archivePath);
        }
      }
      return n;
    }
  }
}
