package dev.berth.server;

import dev.berth.server.cli.BerthCommand;
import picocli.CommandLine;

/** The {@code berth} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(BerthCommand.commandLine().execute(args));
  }
}
