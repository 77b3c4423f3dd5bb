package dev.berth.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth}: the registry and its administration, as subcommands. */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A private container image registry.",
    subcommands = {ServeCommand.class, InitCommand.class, UserCommand.class, OrgCommand.Org.class,
        OrgCommand.Team.class, RobotCommand.class, RepoCommand.class, CertCommand.class, ScanCommand.class,
        VulnDbCommand.class, VersionCommand.class,
        CommandLine.HelpCommand.class})
public final class BerthCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  // What the operator needs to read: our own exceptions speak for themselves; others get their root cause.
  private static String message(Exception e) {
    if (e instanceof dev.berth.server.config.ConfigException) {
      return "invalid configuration: " + e.getMessage();
    }
    if (e instanceof dev.berth.scanner.advisory.FeedFormatException
        || e instanceof dev.berth.scanner.advisory.InvalidBundleException) {
      return e.getMessage(); // they name the file and already carry what their cause said
    }
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof dev.berth.server.identity.IdentityException)) {
      t = t.getCause();
    }
    // a wrapper that already quotes its cause (the scanner's "layer …: tar entry truncated") is not repeated
    return t == e || t.getMessage() == null || text(e).contains(text(t)) ? text(e) : text(e) + ": " + text(t);
  }

  // The JDK's file exceptions carry only the path as their message.
  private static String text(Throwable t) {
    if (t instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + ": no such file or directory";
    } else if (t instanceof java.nio.file.AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    return String.valueOf(t.getMessage());
  }

  /** The configured command line, for {@code main} and for tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BerthCommand());
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("berth: " + message(e));
      return 2;
    });
    return cl;
  }
}
