package dev.berth.server.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool (skopeo, umoci, podman, buildah) for end-to-end tests: with a timeout, its output
 * captured, and a clear failure when the tool is not installed. A missing tool fails the test with what to install
 * (CI installs it through {@code .ci/run}); it never skips.
 */
final class ExternalCommand {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  /** The Debian package that ships each tool. */
  private static final Map<String, String> PACKAGES =
      Map.of("skopeo", "skopeo", "umoci", "umoci", "podman", "podman", "buildah", "buildah");

  private final String tool;
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private Duration timeout = DEFAULT_TIMEOUT;
  private Path workDir;
  private String stdin;

  private ExternalCommand(String tool, List<String> args) {
    this.tool = tool;
    this.args.addAll(args);
  }

  static ExternalCommand of(String tool, String... args) {
    return new ExternalCommand(tool, List.of(args));
  }

  ExternalCommand args(String... more) {
    args.addAll(List.of(more));
    return this;
  }

  ExternalCommand timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  ExternalCommand in(Path dir) {
    this.workDir = dir;
    return this;
  }

  ExternalCommand env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What the command reads on standard input (a password for {@code --password-stdin}); none by default. */
  ExternalCommand stdin(String text) {
    this.stdin = text;
    return this;
  }

  /** What a finished command did. */
  record Result(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {
    String describe() {
      return String.join(" ", command) + "\nexit code " + exitCode + " after " + elapsed.toMillis() + " ms"
          + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  /** Runs the command and fails (with its output) unless it exits 0. */
  Result run() {
    Result r = runAllowingFailure();
    if (r.exitCode() != 0) {
      throw new AssertionError("command failed: " + r.describe());
    }
    return r;
  }

  /** Runs the command and returns whatever it did; fails only if it is missing or times out. */
  Result runAllowingFailure() {
    Path executable = require(tool);
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(args);
    try {
      return execute(command);
    } catch (IOException e) {
      throw new AssertionError("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
  }

  private Result execute(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("berth-e2e-out-", ".txt");
    Path err = Files.createTempFile("berth-e2e-err-", ".txt");
    Path in = stdin == null ? null : Files.createTempFile("berth-e2e-in-", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (in != null) {
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
      }
      pb.redirectInput(ProcessBuilder.Redirect.from(in != null ? in.toFile() : new File("/dev/null")));
      if (workDir != null) {
        pb.directory(workDir.toFile());
      }
      pb.environment().putAll(env);
      long start = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
            + "\n--- stdout ---\n" + read(out) + "\n--- stderr ---\n" + read(err));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Result(List.copyOf(command), p.exitValue(), read(out), read(err), elapsed);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      if (in != null) {
        Files.deleteIfExists(in);
      }
    }
  }

  /**
   * The tool's path on {@code PATH}.
   *
   * @throws AssertionError saying what to install when it is missing
   */
  static Path require(String tool) {
    return find(tool).orElseThrow(() -> new AssertionError(tool + " is not installed: run .ci/run or apt-get install "
        + PACKAGES.getOrDefault(tool, tool)));
  }

  static Optional<Path> find(String tool) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) throws IOException {
    String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return s.length() > 20_000 ? s.substring(0, 20_000) + "\n[… cut]" : s;
  }
}
