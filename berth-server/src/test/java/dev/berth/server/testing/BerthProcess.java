package dev.berth.server.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code berth serve} as a separate OS process on the test runtime's classpath, so that a test can kill it the
 * hard way (SIGKILL: no shutdown hook, no flush, no close) and start it again over the same data directory.
 */
public final class BerthProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("berth listening on port (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final Path log;
  private final int port;

  private BerthProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code berth serve --port 0 --data-dir dataDir} with {@code BERTH_AUTHENTICATION_TYPE=None} and waits
   * until it says which port it took.
   */
  public static BerthProcess start(Path dataDir, Path log) throws IOException, InterruptedException {
    // A storage test, like TestRegistry's protocol tests: the registry is open (authentication is on by default).
    return start(List.of("--port", "0", "--data-dir", dataDir.toString()), Map.of("BERTH_AUTHENTICATION_TYPE",
        "None"), log);
  }

  /** Writes {@code config} as {@code dir/config.yaml}, starts {@code berth serve} on it and waits for its port. */
  public static BerthProcess startWithConfig(Path dir, Map<String, Object> config)
      throws IOException, InterruptedException {
    Path configFile = dir.resolve("config.yaml");
    new ObjectMapper(new YAMLFactory()).writeValue(configFile.toFile(), config);
    return start(List.of("--config", configFile.toString()), Map.of(), dir.resolve("berth.log"));
  }

  private static BerthProcess start(List<String> serveArguments, Map<String, String> environment, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx512m", "-cp", classpath(),
        "dev.berth.server.Main", "serve"));
    command.addAll(serveArguments);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(environment);
    Process p = pb.start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
      if (m.find()) {
        return new BerthProcess(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive()) {
        throw new AssertionError("berth exited with " + p.exitValue() + " before listening:\n" + tail(log));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly().waitFor();
    throw new AssertionError("berth did not start within " + START_TIMEOUT + ":\n" + tail(log));
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Kills the process with SIGKILL ({@link Process#destroyForcibly()} sends SIGKILL on Linux) and returns its exit
   * status, which is 128 + 9 = 137 for a process that died of that signal.
   */
  public int killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("berth " + process.pid() + " survived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  /** The last lines of the process's output, for failure messages. */
  public String logTail() {
    return tail(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * The test runtime classpath. Surefire runs tests from a manifest-only jar, so {@code java.class.path} may be that
   * one jar (whose manifest lists the rest, which also works); surefire gives the full list separately.
   */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static String tail(Path log) {
    try {
      String s = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
