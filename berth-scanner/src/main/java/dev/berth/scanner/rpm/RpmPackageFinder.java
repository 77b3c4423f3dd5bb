package dev.berth.scanner.rpm;

import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the packages installed by rpm, from its package database in any of rpm's three formats:
 * {@code rpmdb.sqlite}, BerkeleyDB {@code Packages} and ndb {@code Packages.db}, under {@code var/lib/rpm/} or
 * {@code usr/lib/sysimage/rpm/}. The format is read from the file's magic number, not its name.
 *
 * <p>The databases need random access, so the finder copies the file to a temporary file (at most
 * {@link ScanLimits#maxFileBytes()} bytes), reads it, and deletes it. Each package is reported with
 * {@link dev.berth.scanner.Ecosystem#RPM}, its version as {@code [epoch:]version-release} (epoch only when not
 * 0), its architecture, and its source package name and version from the {@code SOURCERPM} tag. The
 * {@code gpg-pubkey} pseudo-packages, which hold imported signing keys, are not reported.
 *
 * <p>Packages are reported in instance-number order, which is the order rpm installed them in.
 *
 * <p>For {@code rpmdb.sqlite} only the main file is read: a write-ahead log ({@code rpmdb.sqlite-wal}) is a
 * separate layer entry and is not applied. A database that is malformed part way is reported up to the fault
 * and logged.
 */
public final class RpmPackageFinder implements PackageFinder {
  private static final Logger log = LoggerFactory.getLogger(RpmPackageFinder.class);

  private static final Set<String> DATABASE_PATHS = Set.of(
      "var/lib/rpm/Packages",
      "var/lib/rpm/Packages.db",
      "var/lib/rpm/rpmdb.sqlite",
      "usr/lib/sysimage/rpm/Packages",
      "usr/lib/sysimage/rpm/Packages.db",
      "usr/lib/sysimage/rpm/rpmdb.sqlite");

  private final Path tempDirectory;
  private final RpmDbLimits dbLimits;

  /** A finder that spools databases to the JVM's temporary directory. */
  public RpmPackageFinder() {
    this(Path.of(System.getProperty("java.io.tmpdir")), RpmDbLimits.defaults());
  }

  RpmPackageFinder(Path tempDirectory, RpmDbLimits dbLimits) {
    this.tempDirectory = Objects.requireNonNull(tempDirectory, "tempDirectory");
    this.dbLimits = Objects.requireNonNull(dbLimits, "dbLimits");
  }

  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    return entry.size() > 0 && DATABASE_PATHS.contains(entry.path());
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    if (entry.size() > limits.maxFileBytes()) {
      throw new LimitExceededException("maxFileBytes", limits.maxFileBytes(), entry.path());
    }
    Path spool = Files.createTempFile(tempDirectory, "berth-rpmdb-", ".tmp");
    try {
      copyAtMost(content, spool, limits.maxFileBytes(), entry.path());
      report(spool, entry.path(), sink);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private void report(Path spool, String path, FindingSink sink) throws IOException {
    List<RpmPackage> found = new ArrayList<>();
    try (RpmDatabase db = RpmDatabase.open(spool, dbLimits)) {
      int skipped = db.forEachPackage(found::add);
      log.atDebug()
          .addKeyValue("path", path)
          .addKeyValue("format", db.format())
          .addKeyValue("headers", found.size())
          .addKeyValue("skipped", skipped)
          .log("read rpm database");
    } catch (RpmFormatException e) {
      log.atWarn()
          .addKeyValue("path", path)
          .addKeyValue("headers", found.size())
          .addKeyValue("reason", e.getMessage())
          .log("rpm database is malformed; reporting the packages read before the fault");
    }
    found.sort(Comparator.comparing(RpmPackage::instance, Integer::compareUnsigned));
    for (RpmPackage pkg : found) {
      if (!pkg.isGpgPubkey()) {
        sink.addPackage(pkg.toInstalledPackage(path));
      }
    }
  }

  private static void copyAtMost(InputStream content, Path target, long max, String path) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = content.read(buffer)) >= 0) {
        total += n;
        if (total > max) {
          throw new LimitExceededException("maxFileBytes", max, path);
        }
        out.write(buffer, 0, n);
      }
    }
  }
}
