package dev.berth.server.testing;

import dev.berth.server.cli.BerthCommand;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@code berth} in-process, as a shell would: arguments, standard input, exit code, output and errors. */
public final class Cli {
  private Cli() {}

  /** What a command did. */
  public record Result(int exitCode, String out, String err) {
    /** The output's last non-empty line (where the commands print tokens shown once). */
    public String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1].strip();
    }
  }

  /** Runs {@code berth args…} with empty standard input. */
  public static Result run(String... args) {
    return runWithInput("", args);
  }

  /** Runs {@code berth args…} with {@code stdin} as standard input (for {@code --password-stdin}). */
  public static Result runWithInput(String stdin, String... args) {
    InputStream previous = System.in;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = BerthCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int code = cl.execute(args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      System.setIn(previous);
    }
  }
}
