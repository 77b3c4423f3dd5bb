package dev.berth.server.cli;

import dev.berth.server.identity.IdentityService.RobotToken;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth robot …}: robot accounts {@code NAMESPACE+name}. */
@Command(name = "robot", description = "Manage robot accounts.", mixinStandardHelpOptions = true,
    subcommands = {RobotCommand.Create.class, RobotCommand.Regenerate.class})
final class RobotCommand {

  @Command(name = "create", description = "Create robot NAMESPACE+NAME and print its token once.",
      mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAMESPACE+NAME") String name;

    @Override
    public Integer call() {
      RobotToken token;
      try (ConfigOptions.Admin admin = options.open()) {
        token = admin.identity().service().createRobot(name);
      }
      print(spec.commandLine().getOut(), token);
      return 0;
    }
  }

  @Command(name = "regenerate", description = "Replace a robot's token and print the new one once.",
      mixinStandardHelpOptions = true)
  static final class Regenerate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAMESPACE+NAME") String name;

    @Override
    public Integer call() {
      RobotToken token;
      try (ConfigOptions.Admin admin = options.open()) {
        token = admin.identity().service().regenerateRobotToken(name);
      }
      print(spec.commandLine().getOut(), token);
      return 0;
    }
  }

  private static void print(PrintWriter out, RobotToken token) {
    out.println("robot " + token.name() + " token (shown once):");
    out.println(token.token());
  }
}
