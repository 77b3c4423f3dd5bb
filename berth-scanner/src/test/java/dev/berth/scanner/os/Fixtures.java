package dev.berth.scanner.os;

import dev.berth.scanner.testing.FixtureDirs;
import java.nio.file.Path;

/** The shared real-world fixtures (system property {@code berth.fixtures}); tests on them say when they skip. */
final class Fixtures {
  private Fixtures() {}

  /** The fixture folder {@code sub}, or an aborted test that says why it did not run. */
  static Path dir(String sub) {
    return FixtureDirs.folder(sub);
  }
}
