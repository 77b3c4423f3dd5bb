package dev.berth.scanner.rpm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    String dir = System.getProperty("berth.fixtures");
    // Maven passes the unexpanded "${env.BERTH_FIXTURES}" when the variable is unset.
    boolean set = dir != null && !dir.isBlank() && !dir.startsWith("${");
    assumeTrue(set, "berth.fixtures is not set: fixture test did not run");
    Path rpm = Path.of(dir, "rpm");
    assumeTrue(Files.isDirectory(rpm), "berth.fixtures has no rpm/ folder: fixture test did not run");
    return rpm;
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
