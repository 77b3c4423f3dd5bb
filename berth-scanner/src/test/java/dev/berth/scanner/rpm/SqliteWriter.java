package dev.berth.scanner.rpm;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Test helper that writes an {@code rpmdb.sqlite} with rpm 4.18's schema: the {@code Packages} table and the
 * index tables, with rows in the {@code Name} index (for headers that parse), in write-ahead-log mode as rpm
 * keeps it. Closing the connection checkpoints the log.
 */
final class SqliteWriter {
  /** rpm 4.18's index tables; rpm refuses a database that lacks one. Only {@code Name} gets rows here. */
  private static final List<String> INDEXES = List.of("Name", "Basenames", "Group", "Requirename",
      "Providename", "Conflictname", "Obsoletename", "Triggername", "Dirnames", "Installtid", "Sigmd5",
      "Sha1header", "Filetriggername", "Transfiletriggername", "Recommendname", "Suggestname",
      "Supplementname", "Enhancename");

  private SqliteWriter() {}

  private static String nameOf(byte[] blob) {
    try {
      return RpmHeader.parse(blob).string(RpmTag.NAME).orElse("");
    } catch (RpmFormatException e) {
      return ""; // a deliberately broken test header gets no index row
    }
  }

  static void write(Path file, Map<Integer, byte[]> headers) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("CREATE TABLE IF NOT EXISTS 'Packages' "
          + "(hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)");
      for (String index : INDEXES) {
        String keyType = index.equals("Installtid") || index.equals("Sigmd5") ? "BLOB" : "TEXT";
        s.execute("CREATE TABLE IF NOT EXISTS '" + index + "' (key '" + keyType + "' NOT NULL, "
            + "hnum INTEGER NOT NULL, idx INTEGER NOT NULL, FOREIGN KEY (hnum) REFERENCES 'Packages'(hnum))");
        s.execute("CREATE INDEX '" + index + "_key_idx' ON '" + index + "'(key ASC)");
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO Packages(hnum, blob) VALUES (?, ?)");
          PreparedStatement name = c.prepareStatement("INSERT INTO Name(key, hnum, idx) VALUES (?, ?, 0)")) {
        for (Map.Entry<Integer, byte[]> e : headers.entrySet()) {
          insert.setInt(1, e.getKey());
          insert.setBytes(2, e.getValue());
          insert.executeUpdate();
          String pkgName = nameOf(e.getValue());
          if (!pkgName.isEmpty()) {
            name.setString(1, pkgName);
            name.setInt(2, e.getKey());
            name.executeUpdate();
          }
        }
      }
    }
  }
}
