package dev.berth.server.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code berth version}. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println("berth " + version());
  }

  static String version() {
    return Optional.ofNullable(VersionCommand.class.getPackage().getImplementationVersion()).orElse("development");
  }

  /** Answers {@code berth --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"berth " + version()};
    }
  }
}
