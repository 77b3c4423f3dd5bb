package dev.berth.scanner.rpm;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test helper for the real-world rpm databases under the {@code berth.fixtures} folder. A test that needs them
 * is skipped, saying so, when the property is absent or empty.
 */
final class Fixtures {
  private Fixtures() {}

  /** The {@code rpm/} fixture folder; skips the calling test when {@code berth.fixtures} is not set. */
  static Path rpmFolder() {
    return dev.berth.scanner.testing.FixtureDirs.folder("rpm");
  }

  /**
   * The rows of a fixture's {@code expected.tsv} after its header line, as
   * {@code name epoch version release arch} with a missing epoch as {@code (none)}.
   */
  static List<String> expectedRows(Path folder) {
    try {
      return Files.readAllLines(folder.resolve("expected.tsv")).stream()
          .skip(1)
          .filter(line -> !line.isBlank())
          .map(line -> String.join(" ", line.split("\t")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A package in the same shape as {@link #expectedRows}. */
  static String row(RpmPackage p) {
    String epoch = p.epoch().isPresent() ? Long.toString(p.epoch().getAsLong()) : "(none)";
    return String.join(" ", p.name(), epoch, p.version(), p.release(), p.arch().isEmpty() ? "(none)" : p.arch());
  }
}
