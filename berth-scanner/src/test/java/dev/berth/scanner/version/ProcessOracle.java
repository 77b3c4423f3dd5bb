package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Runs a tool of this machine as a comparison oracle: lines in on stdin, one answer line out per query. */
final class ProcessOracle {
  private ProcessOracle() {}

  /** Skips the calling test, saying why, unless {@code command} runs and exits 0. */
  static void requireRuns(String what, String... command) {
    boolean runs;
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      runs = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      runs = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runs = false;
    }
    Assertions.assertTrue(runs, what + " is not available on this machine: install it (.ci/run installs rpm, "
        + "python3-packaging and npm)");
  }

  /** Runs {@code command} with {@code input} (one line each) on stdin and returns its stdout lines. */
  static List<String> run(List<String> command, List<String> input) throws IOException, InterruptedException {
    Path in = Files.createTempFile("berth-oracle-in", ".txt");
    Path out = Files.createTempFile("berth-oracle-out", ".txt");
    Path err = Files.createTempFile("berth-oracle-err", ".txt");
    try {
      Files.write(in, input, StandardCharsets.UTF_8);
      Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("oracle %s finished", command).isTrue();
      assertThat(p.exitValue()).as("oracle %s exit status; stderr: %s", command,
          tail(Files.readString(err, StandardCharsets.UTF_8))).isZero();
      return new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : "…" + s.substring(s.length() - 2000);
  }

  /** Our answer in the oracles' line format: {@code -1}, {@code 0}, {@code 1}, or {@code E} for invalid. */
  static String ours(VersionScheme scheme, String a, String b) {
    try {
      return Integer.toString(Integer.signum(scheme.compare(a, b)));
    } catch (InvalidVersionException e) {
      return "E";
    }
  }
}
