package dev.berth.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth}: the registry and its administration, as subcommands. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A private container image registry.",
    subcommands = {ServeCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class BerthCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line, for {@code main} and for tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BerthCommand());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("berth: " + e.getMessage());
      return 1;
    });
    return cl;
  }
}
