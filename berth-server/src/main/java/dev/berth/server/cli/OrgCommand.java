package dev.berth.server.cli;

import dev.berth.server.identity.Role;
import dev.berth.server.identity.TeamRole;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth org …} and {@code berth team …}: organisations and their teams. */
final class OrgCommand {
  private OrgCommand() {}

  @Command(name = "org", description = "Manage organisations.", mixinStandardHelpOptions = true,
      subcommands = {Create.class, DefaultPermission.class})
  static final class Org {}

  @Command(name = "create", description = "Create an organisation with an owners team.",
      mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--owner", required = true, paramLabel = "USER") String owner;

    @Override
    public Integer call() {
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().createOrganization(name, owner);
      }
      spec.commandLine().getOut().println("created organisation " + name + " owned by " + owner);
      return 0;
    }
  }

  @Command(name = "default-permission",
      description = "Grant ENTITY (user, robot, or ORG/TEAM) ROLE on every repository later created in ORG.",
      mixinStandardHelpOptions = true)
  static final class DefaultPermission implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(index = "0", paramLabel = "ORG") String org;
    @Parameters(index = "1", paramLabel = "ENTITY") String entity;
    @Parameters(index = "2", paramLabel = "ROLE", description = "read, write or admin") String role;

    @Override
    public Integer call() {
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().addDefaultPermission(org, entity, Role.parse(role));
      }
      spec.commandLine().getOut().println("new repositories of " + org + " will grant " + role + " to " + entity);
      return 0;
    }
  }

  @Command(name = "team", description = "Manage teams.", mixinStandardHelpOptions = true,
      subcommands = {TeamCreate.class, TeamAdd.class})
  static final class Team {}

  @Command(name = "create", description = "Create a team in an organisation.", mixinStandardHelpOptions = true)
  static final class TeamCreate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(index = "0", paramLabel = "ORG") String org;
    @Parameters(index = "1", paramLabel = "TEAM") String team;
    @Option(names = "--role", defaultValue = "member", description = "member, creator or admin") String role;

    @Override
    public Integer call() {
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().createTeam(org, team, TeamRole.parse(role));
      }
      spec.commandLine().getOut().println("created team " + org + "/" + team + " (" + role + ")");
      return 0;
    }
  }

  @Command(name = "add", description = "Add a user or robot to a team.", mixinStandardHelpOptions = true)
  static final class TeamAdd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(index = "0", paramLabel = "ORG") String org;
    @Parameters(index = "1", paramLabel = "TEAM") String team;
    @Parameters(index = "2", paramLabel = "MEMBER") String member;

    @Override
    public Integer call() {
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().addTeamMember(org, team, member);
      }
      spec.commandLine().getOut().println("added " + member + " to " + org + "/" + team);
      return 0;
    }
  }
}
