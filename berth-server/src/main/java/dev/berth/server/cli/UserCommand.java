package dev.berth.server.cli;

import dev.berth.server.identity.Account;
import dev.berth.server.identity.AppToken;
import dev.berth.server.identity.IdentityService;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
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

  /** What creating an app-specific token takes, with or without the {@code create} word. */
  abstract static class TokenCreation {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOptions options;
    @Option(names = "--title", paramLabel = "TITLE", defaultValue = "cli",
        description = "What to call it (default: ${DEFAULT-VALUE}).")
    String title;
    @Option(names = "--expires-days", paramLabel = "DAYS", description = "Days until it expires (default: never).")
    Integer days;

    int create(String user) {
      IdentityService.CreatedAppToken created;
      try (ConfigOptions.Admin admin = options.open()) {
        created = admin.identity().service().createAppToken(user, title,
            Optional.ofNullable(days).map(Duration::ofDays));
      }
      AppToken t = created.token();
      PrintWriter out = spec.commandLine().getOut();
      out.println("app-specific token " + t.id() + " (" + t.title() + ") for " + user
          + t.expires().map(e -> ", expires " + time(e)).orElse("")
          + " (shown once; sign in as user $app with it; revoke it with: berth user token revoke " + user + " "
          + t.id() + "):");
      out.println(created.secret());
      return 0;
    }
  }

  @Command(name = "token", description = {"Create an app-specific token for user NAME (sign in as $app with it),",
      "or list or revoke a user's app-specific tokens."}, mixinStandardHelpOptions = true,
      subcommands = {Token.Create.class, Token.ListTokens.class, Token.Revoke.class})
  static final class Token extends TokenCreation implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The user to create a token for.")
    String name;

    @Override
    public Integer call() {
      if (name == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a user, or one of create, list, revoke");
      }
      return create(name);
    }

    @Command(name = "create", description = "Create an app-specific token for user NAME and print it once.",
        mixinStandardHelpOptions = true)
    static final class Create extends TokenCreation implements Callable<Integer> {
      @Parameters(paramLabel = "NAME") String name;

      @Override
      public Integer call() {
        return create(name);
      }
    }

    @Command(name = "list", description = "List a user's app-specific tokens (never their secrets).",
        mixinStandardHelpOptions = true)
    static final class ListTokens implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Mixin ConfigOptions options;
      @Parameters(paramLabel = "NAME") String name;

      @Override
      public Integer call() {
        List<AppToken> tokens;
        try (ConfigOptions.Admin admin = options.open()) {
          tokens = admin.identity().service().appTokens(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        String format = "%-8s %-8s %-20s %-20s %-20s %s%n";
        out.printf(format, "ID", "STATE", "CREATED", "EXPIRES", "LAST USED", "TITLE");
        for (AppToken t : tokens) {
          String state = t.revoked().isPresent() ? "revoked" : t.usableAt(now) ? "active" : "expired";
          out.printf(format, t.id(), state, time(t.created()), t.expires().map(UserCommand::time).orElse("never"),
              t.lastUsed().map(UserCommand::time).orElse("never"), t.title());
        }
        return 0;
      }
    }

    @Command(name = "revoke", description = {"Revoke one of a user's app-specific tokens, by id or title.",
        "TOKEN_ID_OR_TITLE is the id shown at creation and by 'list' (digits), or the title of exactly one",
        "unrevoked token. It stops signing in at once, and the refresh tokens it got stop refreshing."},
        mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;
      @Mixin ConfigOptions options;
      @Parameters(index = "0", paramLabel = "NAME") String name;
      @Parameters(index = "1", paramLabel = "TOKEN_ID_OR_TITLE") String token;

      @Override
      public Integer call() {
        AppToken revoked;
        try (ConfigOptions.Admin admin = options.open()) {
          revoked = admin.identity().service().revokeAppToken(name, token);
        }
        spec.commandLine().getOut().println("revoked app-specific token " + revoked.id() + " (" + revoked.title()
            + ") of " + name);
        return 0;
      }
    }
  }

  /** A time in UTC to the second, as the token list shows it. */
  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
