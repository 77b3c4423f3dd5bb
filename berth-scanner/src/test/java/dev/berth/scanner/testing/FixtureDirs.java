package dev.berth.scanner.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-world fixtures under {@code ../shared/fixtures}, located by the {@code berth.fixtures} system property
 * that Maven passes from the {@code BERTH_FIXTURES} environment variable ({@code .ci/run} sets it). Without it, a
 * test that needs them is aborted with a message saying it did not run; tests on fixtures the test code makes
 * itself never come here.
 */
public final class FixtureDirs {
  private FixtureDirs() {}

  /** The fixture folder {@code sub} ({@code rpm}, {@code advisories}, …), or an aborted test saying why. */
  public static Path folder(String sub) {
    String root = System.getProperty("berth.fixtures");
    // Maven passes the unexpanded "${env.BERTH_FIXTURES}" when the variable is unset.
    boolean set = root != null && !root.isBlank() && !root.startsWith("${");
    Assumptions.assumeTrue(set, "berth.fixtures is not set: fixture test did not run");
    Path dir = Path.of(root, sub);
    Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is missing: fixture test did not run");
    return dir;
  }
}
