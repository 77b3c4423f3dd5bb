package dev.berth.scanner.advisory;

import dev.berth.scanner.testing.FixtureDirs;
import java.nio.file.Path;

/** The real-world advisory samples under {@code berth.fixtures}; tests that need them skip, saying so, without. */
final class Fixtures {
  private Fixtures() {}

  static Path advisories() {
    return FixtureDirs.folder("advisories");
  }
}
