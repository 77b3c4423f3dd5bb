package dev.berth.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code berth} command line in-process, as {@code Main} does, capturing what it writes. */
final class Berth {
  private Berth() {}

  /**
   * What one run did.
   *
   * @param exit the exit status {@code Main} would return
   * @param out everything written to standard output
   * @param err everything written to standard error
   */
  record Run(int exit, String out, String err) {
    /** The run, for assertion messages. */
    String describe() {
      return "exit " + exit + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = BerthCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
