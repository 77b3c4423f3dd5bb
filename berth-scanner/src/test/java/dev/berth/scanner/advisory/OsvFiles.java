package dev.berth.scanner.advisory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small OSV records, zips and directories for tests. */
final class OsvFiles {
  private OsvFiles() {}

  /** A minimal OSV record affecting one package below {@code fixed}. */
  static String record(String id, String ecosystem, String name, String fixed) {
    return """
        {"id": "%s", "modified": "2024-01-01T00:00:00Z",
         "affected": [{"package": {"ecosystem": "%s", "name": "%s"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}
        """.formatted(id, ecosystem, name, fixed);
  }

  /** A zip of entries, in the given order, like osv.dev's all.zip. */
  static Path zip(Path file, Map<String, String> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }
}
