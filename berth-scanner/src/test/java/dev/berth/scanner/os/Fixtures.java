package dev.berth.scanner.os;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The shared real-world fixtures (system property {@code berth.fixtures}); tests on them say when they skip. */
final class Fixtures {
  private Fixtures() {}

  /** The fixture folder {@code sub}, or an aborted test that says why it did not run. */
  static Path dir(String sub) {
    String root = System.getProperty("berth.fixtures");
    Assumptions.assumeTrue(root != null && !root.isBlank(), "berth.fixtures is not set: fixture test did not run");
    Path dir = Path.of(root, sub);
    Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is missing: fixture test did not run");
    return dir;
  }
}
