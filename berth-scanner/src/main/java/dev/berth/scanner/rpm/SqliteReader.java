package dev.berth.scanner.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * Reads rpm's {@code rpmdb.sqlite} (rpm 4.16 and later): every row of {@code Packages(hnum, blob)}, through
 * sqlite-jdbc.
 *
 * <p>The file is opened read-only and {@code immutable}: sqlite takes no locks and creates no {@code -shm} or
 * {@code -wal} file beside it. It also ignores any write-ahead log, so transactions still in a
 * {@code rpmdb.sqlite-wal} beside the file are not seen. rpm checkpoints its log when it closes the database, so
 * an image built by a finished rpm or dnf has an empty log; a layer scan sees one file at a time and could not
 * combine the two anyway.
 */
final class SqliteReader implements HeaderBlobReader {
  private static final String QUERY = """
      SELECT hnum, typeof(blob), length(blob),
             CASE WHEN typeof(blob) = 'blob' AND length(blob) <= ? THEN blob END
      FROM Packages ORDER BY hnum""";

  private static final int SQLITE_HEADER = 100;

  private final Connection connection;
  private final RpmDbLimits limits;

  private SqliteReader(Connection connection, RpmDbLimits limits) {
    this.connection = connection;
    this.limits = limits;
  }

  /**
   * Opens the database file at {@code path} read-only.
   *
   * @throws RpmFormatException if sqlite cannot open it
   */
  static SqliteReader open(Path path, RpmDbLimits limits) throws IOException {
    checkSize(path);
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    String url = "jdbc:sqlite:" + path.toAbsolutePath().toUri() + "?immutable=1";
    try {
      return new SqliteReader(config.createConnection(url), limits);
    } catch (SQLException e) {
      throw new RpmFormatException("cannot open sqlite rpm database " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a file shorter than its sqlite header says it is. sqlite itself reads missing pages as zeros and
   * may not notice when they are pages the query does not touch.
   */
  private static void checkSize(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ChannelReader in = new ChannelReader(channel);
      ByteBuffer header = in.read(0, SQLITE_HEADER, ByteOrder.BIG_ENDIAN, "sqlite file header");
      int pageSize = Short.toUnsignedInt(header.getShort(16));
      pageSize = pageSize == 1 ? 65536 : pageSize;
      if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
        throw new RpmFormatException("sqlite file header names page size " + pageSize);
      }
      long pages = Integer.toUnsignedLong(header.getInt(28));
      boolean pagesValid = pages != 0 && header.getInt(24) == header.getInt(92);
      if (in.size() % pageSize != 0 || (pagesValid && pages * pageSize > in.size())) {
        throw new RpmFormatException("truncated file: sqlite database of " + (pagesValid ? pages : "?")
            + " pages of " + pageSize + " bytes, but the file has " + in.size() + " bytes");
      }
    }
  }

  @Override
  public RpmDbFormat format() {
    return RpmDbFormat.SQLITE;
  }

  @Override
  public void forEach(BlobVisitor visitor) throws IOException {
    try (PreparedStatement statement = connection.prepareStatement(QUERY)) {
      statement.setLong(1, limits.maxHeaderBytes());
      try (ResultSet rows = statement.executeQuery()) {
        long count = 0;
        while (rows.next()) {
          limits.checkHeaderCount(++count);
          visitor.visit(rows.getInt(1), blob(rows));
        }
      }
    } catch (SQLException e) {
      throw new RpmFormatException("cannot read table Packages of sqlite rpm database: " + e.getMessage(), e);
    }
  }

  private byte[] blob(ResultSet rows) throws SQLException, RpmFormatException {
    String where = "sqlite row hnum=" + rows.getLong(1);
    if (!"blob".equals(rows.getString(2))) {
      throw new RpmFormatException(where + " holds a " + rows.getString(2) + " where a header blob belongs");
    }
    limits.checkHeaderBytes(rows.getLong(3), where);
    return rows.getBytes(4);
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IOException("cannot close sqlite rpm database: " + e.getMessage(), e);
    }
  }
}
