package dev.berth.server.e2e;

import dev.berth.server.cli.BerthCommand;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The {@code berth} command line run in-process, exactly as an operator types it after {@code ./berth}: the same
 * picocli command tree and error handler as {@code main}, with standard input supplied for {@code --password-stdin}.
 */
final class BerthCli {
  private static final Object STANDARD_INPUT = new Object();
  private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^([A-Za-z0-9_-]{20,})\\s*$");

  private BerthCli() {}

  /** What a command did. */
  record Result(String[] args, int exitCode, String out, String err) {
    String describe() {
      return "berth " + String.join(" ", args) + "\nexit code " + exitCode + "\n--- stdout ---\n" + out
          + "\n--- stderr ---\n" + err;
    }

    /** The secret a command printed once on a line of its own (robot tokens, app-specific tokens). */
    String printedToken() {
      Matcher m = TOKEN_LINE.matcher(out);
      if (!m.find()) {
        throw new AssertionError("no token printed by " + describe());
      }
      return m.group(1);
    }
  }

  /** Runs {@code berth ARGS} with {@code stdin} (may be null: empty input) and returns whatever it did. */
  static Result attemptWithInput(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = BerthCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code;
    // The commands read System.in, which is process-wide: one command at a time, and put back afterwards.
    synchronized (STANDARD_INPUT) {
      InputStream saved = System.in;
      System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
      try {
        code = cl.execute(args);
      } finally {
        System.setIn(saved);
      }
    }
    return new Result(Arrays.copyOf(args, args.length), code, out.toString(), err.toString());
  }

  /** Runs {@code berth ARGS} with {@code stdin} and fails (with its output) unless it exits 0. */
  static Result runWithInput(String stdin, String... args) {
    Result r = attemptWithInput(stdin, args);
    if (r.exitCode() != 0) {
      throw new AssertionError("berth command failed: " + r.describe());
    }
    return r;
  }

  /** Runs {@code berth ARGS} without input and fails unless it exits 0. */
  static Result run(String... args) {
    return runWithInput(null, args);
  }

  /**
   * Administrative commands against one Berth: each command gets the options that name it appended
   * ({@code --config FILE} or {@code --data-dir DIR}), as an operator types them.
   */
  record Admin(List<String> target) {
    static Admin config(Path file) {
      return new Admin(List.of("--config", file.toString()));
    }

    static Admin dataDir(Path dir) {
      return new Admin(List.of("--data-dir", dir.toString()));
    }

    /** {@code berth ARGS <target>}; fails unless it exits 0. */
    Result run(String... args) {
      return BerthCli.run(with(args));
    }

    /** {@code berth ARGS <target>} with {@code line} and a newline on standard input; fails unless it exits 0. */
    Result runWithInput(String line, String... args) {
      return BerthCli.runWithInput(line + "\n", with(args));
    }

    private String[] with(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(target);
      return all.toArray(String[]::new);
    }
  }
}
