package dev.berth.server.cli;

import dev.berth.server.identity.Account;
import dev.berth.server.identity.IdentityService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth user …}: users and their app-specific tokens. */
@Command(name = "user", description = "Manage users.", mixinStandardHelpOptions = true,
    subcommands = {UserCommand.Create.class, UserCommand.Passwd.class, UserCommand.Disable.class,
        UserCommand.Enable.class, UserCommand.ListUsers.class, UserCommand.Token.class})
final class UserCommand {

  @Command(name = "create", description = "Create a user.", mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--email", paramLabel = "E") String email;
    @Option(names = "--superuser", description = "Make the user a superuser.") boolean superuser;
    @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean stdin;

    @Override
    public Integer call() throws Exception {
      char[] password = Passwords.read(stdin, System.in, System.console(), "Password for " + name)
          .orElseThrow(() -> new IllegalArgumentException("no password: use --password-stdin or a terminal"));
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().createUser(name, Optional.ofNullable(email), password, superuser);
      } finally {
        Arrays.fill(password, ' ');
      }
      spec.commandLine().getOut().println("created user " + name + (superuser ? " (superuser)" : ""));
      return 0;
    }
  }

  @Command(name = "passwd", description = "Change a user's password.", mixinStandardHelpOptions = true)
  static final class Passwd implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean stdin;

    @Override
    public Integer call() throws Exception {
      char[] password = Passwords.read(stdin, System.in, System.console(), "New password for " + name)
          .orElseThrow(() -> new IllegalArgumentException("no password: use --password-stdin or a terminal"));
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().setPassword(name, password);
      } finally {
        Arrays.fill(password, ' ');
      }
      spec.commandLine().getOut().println("changed the password of " + name);
      return 0;
    }
  }

  /** Enables or disables a user or robot; the two commands differ only in which. */
  abstract static class SetEnabled implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAME") String name;

    abstract boolean enabled();

    @Override
    public Integer call() {
      try (ConfigOptions.Admin admin = options.open()) {
        admin.identity().service().setEnabled(name, enabled());
      }
      spec.commandLine().getOut().println((enabled() ? "enabled " : "disabled ") + name);
      return 0;
    }
  }

  @Command(name = "disable", description = "Disable a user or robot.", mixinStandardHelpOptions = true)
  static final class Disable extends SetEnabled {
    @Override
    boolean enabled() {
      return false;
    }
  }

  @Command(name = "enable", description = "Enable a user or robot.", mixinStandardHelpOptions = true)
  static final class Enable extends SetEnabled {
    @Override
    boolean enabled() {
      return true;
    }
  }

  @Command(name = "list", description = "List users.", mixinStandardHelpOptions = true)
  static final class ListUsers implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ConfigOptions.Admin admin = options.open()) {
        IdentityService identities = admin.identity().service();
        out.printf("%-32s %-8s %-9s %s%n", "NAME", "ENABLED", "SUPERUSER", "EMAIL");
        for (Account a : identities.users()) {
          out.printf("%-32s %-8s %-9s %s%n", a.name(), a.enabled() ? "yes" : "no", a.superuser() ? "yes" : "no",
              a.email().orElse(""));
        }
      }
      return 0;
    }
  }

  @Command(name = "token", description = "Create an app-specific token (sign in as $app with it).",
      mixinStandardHelpOptions = true)
  static final class Token implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--title", defaultValue = "cli") String title;
    @Option(names = "--expires-days", paramLabel = "DAYS", description = "Days until it expires (default: never).")
    Integer days;

    @Override
    public Integer call() {
      String token;
      try (ConfigOptions.Admin admin = options.open()) {
        token = admin.identity().service().createAppToken(name, title,
            Optional.ofNullable(days).map(Duration::ofDays));
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("app-specific token for " + name + " (shown once; sign in as user $app with it):");
      out.println(token);
      return 0;
    }
  }
}
