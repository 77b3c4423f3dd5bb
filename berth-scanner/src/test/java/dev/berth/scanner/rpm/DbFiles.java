package dev.berth.scanner.rpm;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Named;

/** Test helper: writes rpm databases of every format into a directory, under the names rpm gives them. */
final class DbFiles {
  private DbFiles() {}

  /** Writes one database for some headers into a directory and returns the file. */
  @FunctionalInterface
  interface Writer {
    Path write(Path dir, Map<Integer, byte[]> headers) throws Exception;
  }

  static Path sqlite(Path dir, Map<Integer, byte[]> headers) throws Exception {
    Path file = dir.resolve("rpmdb.sqlite");
    SqliteWriter.write(file, headers);
    return file;
  }

  static Path bdb(Path dir, Map<Integer, byte[]> headers, ByteOrder order, int pageSize, int buckets)
      throws Exception {
    return Files.write(dir.resolve("Packages"), new BdbHashWriter(order, pageSize, buckets).write(headers));
  }

  static Path ndb(Path dir, Map<Integer, byte[]> headers) throws Exception {
    return Files.write(dir.resolve("Packages.db"), new NdbWriter(11).write(headers));
  }

  /** One writer per format and BerkeleyDB variant (byte order, page size, bucket count). */
  static List<Named<Writer>> all() {
    return List.of(
        Named.of("sqlite", DbFiles::sqlite),
        Named.of("bdb little-endian 4096 2 buckets",
            (d, h) -> bdb(d, h, ByteOrder.LITTLE_ENDIAN, 4096, 2)),
        Named.of("bdb big-endian 4096 7 buckets", (d, h) -> bdb(d, h, ByteOrder.BIG_ENDIAN, 4096, 7)),
        Named.of("bdb little-endian 512 1 bucket", (d, h) -> bdb(d, h, ByteOrder.LITTLE_ENDIAN, 512, 1)),
        Named.of("bdb big-endian 16384 33 buckets", (d, h) -> bdb(d, h, ByteOrder.BIG_ENDIAN, 16384, 33)),
        Named.of("ndb", DbFiles::ndb));
  }
}
