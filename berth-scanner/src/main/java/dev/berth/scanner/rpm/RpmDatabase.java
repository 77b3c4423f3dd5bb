package dev.berth.scanner.rpm;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rpm package database file of any of rpm's three formats, recognised by its magic number: the package's
 * single entry point for reading installed rpm packages.
 */
final class RpmDatabase implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(RpmDatabase.class);

  /** Receives the packages of a database. */
  @FunctionalInterface
  interface PackageVisitor {
    void visit(RpmPackage pkg) throws IOException;
  }

  private final HeaderBlobReader reader;

  private RpmDatabase(HeaderBlobReader reader) {
    this.reader = reader;
  }

  /**
   * Opens the database file at {@code path}, whatever its name, choosing the reader by the file's magic.
   *
   * @throws RpmFormatException if the file is no rpm database, or its format's preamble is malformed
   */
  static RpmDatabase open(Path path, RpmDbLimits limits) throws IOException {
    RpmDbFormat format;
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      format = detect(channel);
    }
    return new RpmDatabase(switch (format) {
      case SQLITE -> SqliteReader.open(path, limits);
      case BERKELEY_DB -> BdbHashReader.open(FileChannel.open(path, StandardOpenOption.READ), limits);
      case NDB -> NdbReader.open(FileChannel.open(path, StandardOpenOption.READ), limits);
    });
  }

  /**
   * Opens a BerkeleyDB or ndb database from a channel (sqlite needs a file); the database closes the channel.
   *
   * @throws RpmFormatException if the channel holds no BerkeleyDB or ndb rpm database
   */
  static RpmDatabase open(SeekableByteChannel channel, RpmDbLimits limits) throws IOException {
    RpmDbFormat format;
    try {
      format = detect(channel);
      if (format == RpmDbFormat.SQLITE) {
        throw new RpmFormatException("an sqlite rpm database must be read from a file, not a channel");
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new RpmDatabase(format == RpmDbFormat.NDB
        ? NdbReader.open(channel, limits)
        : BdbHashReader.open(channel, limits));
  }

  private static RpmDbFormat detect(SeekableByteChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(RpmDbFormat.MAGIC_BYTES);
    channel.position(0);
    while (head.hasRemaining() && channel.read(head) >= 0) {
      // read until full or end of file
    }
    byte[] bytes = new byte[head.position()];
    head.flip().get(bytes);
    return RpmDbFormat.detect(bytes);
  }

  RpmDbFormat format() {
    return reader.format();
  }

  /**
   * Hands every package to {@code visitor} in storage order. A header that is not well formed is skipped and
   * logged, as rpm skips it; a malformed database structure stops the walk with an exception, after the
   * packages read before the fault were visited.
   *
   * @return how many headers were skipped as malformed
   * @throws RpmFormatException if the database structure is malformed
   */
  int forEachPackage(PackageVisitor visitor) throws IOException {
    int[] skipped = {0};
    reader.forEach((instance, blob) -> {
      RpmPackage pkg;
      try {
        pkg = RpmPackage.from(instance, RpmHeader.parse(blob));
      } catch (RpmFormatException e) {
        skipped[0]++;
        log.atWarn()
            .addKeyValue("format", reader.format())
            .addKeyValue("instance", Integer.toUnsignedString(instance))
            .addKeyValue("reason", e.getMessage())
            .log("skipping malformed rpm header");
        return;
      }
      visitor.visit(pkg);
    });
    return skipped[0];
  }

  /** Every well-formed package, ordered by instance number (the order rpm installed them in). */
  List<RpmPackage> packages() throws IOException {
    List<RpmPackage> all = new ArrayList<>();
    forEachPackage(all::add);
    all.sort(Comparator.comparing(RpmPackage::instance, Integer::compareUnsigned));
    return all;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
