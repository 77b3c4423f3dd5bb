package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared real-world fixtures (system property {@code berth.fixtures}); tests skip, saying so, without it. */
final class Fixtures {
  private Fixtures() {}

  /** One comparison row of a fixture TSV: {@code a b expected}. */
  record Row(String file, int line, String a, String b, int expected) {
    @Override
    public String toString() {
      return file + ":" + line + " '" + a + "' vs '" + b + "' expected " + expected;
    }
  }

  /** {@code <fixtures>/versions/<relative>}, or the test is skipped when the property is not set. */
  static Path versions(String relative) {
    Path file = dev.berth.scanner.testing.FixtureDirs.folder("versions").resolve(relative);
    assertThat(file).as("fixture file under berth.fixtures").isRegularFile();
    return file;
  }

  /** The data lines of a TSV file (header dropped), split on tabs. */
  static List<String[]> tsv(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        rows.add(line.split("\t", -1));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The comparison rows of an {@code a b expected} file. */
  static List<Row> comparisons(String relative) {
    Path file = versions(relative);
    List<String[]> cells = tsv(file);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String[] c = cells.get(i);
      assertThat(c).as("%s line %d", relative, i + 2).hasSize(3);
      rows.add(new Row(relative, i + 2, c[0], c[1], Integer.parseInt(c[2])));
    }
    return rows;
  }
}
