package dev.berth.server.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Berth node as a separate OS process ({@code berth serve --config FILE} on the test classpath), so that a
 * test can kill it with SIGKILL in the middle of a request, as a machine that dies would stop.
 */
final class NodeProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("berth listening on port (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final Path log;
  private final int port;

  private NodeProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Writes {@code config} as {@code dir/config.yaml}, starts {@code berth serve} on it and waits for its port. */
  static NodeProcess start(Path dir, Map<String, Object> config) throws IOException, InterruptedException {
    Path configFile = dir.resolve("config.yaml");
    new ObjectMapper(new YAMLFactory()).writeValue(configFile.toFile(), config);
    Path log = dir.resolve("berth.log");
    List<String> command = List.of(javaExecutable(), "-Xmx512m", "-cp", classpath(), "dev.berth.server.Main",
        "serve", "--config", configFile.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return new NodeProcess(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive()) {
        throw new AssertionError("berth exited with " + p.exitValue() + " before listening:\n" + tail(log));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly().waitFor();
    throw new AssertionError("berth did not start within " + START_TIMEOUT + ":\n" + tail(log));
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** SIGKILL ({@link Process#destroyForcibly()} on Linux); returns the exit status, 137 for death by signal 9. */
  int killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("berth " + process.pid() + " survived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  String logTail() {
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

  /** Surefire's full test classpath ({@code java.class.path} may be a manifest-only jar). */
  private static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
