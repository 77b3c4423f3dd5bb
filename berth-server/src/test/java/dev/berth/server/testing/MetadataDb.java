package dev.berth.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Read-only JDBC queries against the embedded SQLite file of a test server ({@code <dataDir>/berth.db}), for tests
 * that show what the registry recorded (tag history, upload sessions) rather than only what it answers.
 */
public final class MetadataDb {
  private MetadataDb() {}

  /** Every row of {@code sql}, as column label → value maps in column order. */
  public static List<Map<String, Object>> query(Path dataDir, String sql, Object... params) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    try (Connection c = config.createConnection("jdbc:sqlite:" + dataDir.resolve("berth.db"));
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql, e);
    }
  }

  /** The single number {@code sql} selects, such as a {@code COUNT(*)}. */
  public static long number(Path dataDir, String sql, Object... params) {
    List<Map<String, Object>> rows = query(dataDir, sql, params);
    return ((Number) rows.getFirst().values().iterator().next()).longValue();
  }
}
