package dev.berth.scanner.advisory;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Hand-written feed files in the test resources. */
final class Resources {
  private Resources() {}

  static Path path(String name) {
    try {
      return Path.of(Resources.class.getResource("/advisories/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
