package dev.berth.server.cli;

import dev.berth.oci.RepositoryName;
import dev.berth.server.identity.IdentityException;
import dev.berth.server.identity.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth repo …}: visibility and permissions of repositories. */
@Command(name = "repo", description = "Manage repositories.", mixinStandardHelpOptions = true,
    subcommands = {RepoCommand.Visibility.class, RepoCommand.Grant.class})
final class RepoCommand {

  @Command(name = "visibility", description = "Make a repository public or private.", mixinStandardHelpOptions = true)
  static final class Visibility implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(index = "0", paramLabel = "NAMESPACE/NAME") String name;
    @Parameters(index = "1", paramLabel = "public|private") String visibility;

    @Override
    public Integer call() {
      if (!visibility.equals("public") && !visibility.equals("private")) {
        throw new IdentityException("visibility must be public or private");
      }
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().setVisibility(RepositoryName.parse(name), visibility.equals("public"));
      }
      spec.commandLine().getOut().println(name + " is now " + visibility);
      return 0;
    }
  }

  @Command(name = "grant", description = "Grant ENTITY (user, robot, or ORG/TEAM) ROLE on a repository.",
      mixinStandardHelpOptions = true)
  static final class Grant implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(index = "0", paramLabel = "NAMESPACE/NAME") String name;
    @Parameters(index = "1", paramLabel = "ENTITY") String entity;
    @Parameters(index = "2", paramLabel = "ROLE", description = "read, write or admin") String role;

    @Override
    public Integer call() {
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().grant(RepositoryName.parse(name), entity, Role.parse(role));
      }
      spec.commandLine().getOut().println("granted " + role + " on " + name + " to " + entity);
      return 0;
    }
  }
}
