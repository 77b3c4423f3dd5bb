package dev.berth.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The real-world advisory samples under {@code berth.fixtures}; tests that need them say they did not run. */
final class Fixtures {
  private Fixtures() {}

  static Path advisories() {
    String dir = System.getProperty("berth.fixtures");
    Assumptions.assumeTrue(dir != null && !dir.isBlank() && !dir.startsWith("${"),
        "berth.fixtures is not set: fixture test did not run");
    Path p = Path.of(dir, "advisories");
    Assumptions.assumeTrue(Files.isDirectory(p), "berth.fixtures has no advisories/: fixture test did not run");
    return p;
  }
}
