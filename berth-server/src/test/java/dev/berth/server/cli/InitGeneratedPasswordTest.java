package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.config.DatabaseUri;
import dev.berth.server.db.Database;
import dev.berth.server.identity.IdentityModule;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code berth init} with no password given and no terminal: it generates one and prints it once. */
class InitGeneratedPasswordTest {
  private static final Pattern SHOWN = Pattern.compile("generated password \\(shown once\\): (.*)");

  @TempDir
  Path dir;

  @Test
  void init_withoutPassword_printsTheGeneratedPassword_whichSignsTheSuperuserIn() throws Exception {
    // The password was wiped (filled with spaces) before it was printed, so the superuser could never sign in.
    Path config = dir.resolve("config.yaml");
    StringWriter out = new StringWriter();
    CommandLine cl = BerthCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(new byte[0]));
    int code;
    try {
      code = cl.execute("init", "--config", config.toString());
    } finally {
      System.setIn(saved);
    }
    assertThat(code).as(out.toString()).isZero();

    Matcher m = SHOWN.matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    String password = m.group(1).strip();
    assertThat(password).hasSizeGreaterThanOrEqualTo(16).doesNotContain(" ");

    Database db = Database.open(DatabaseUri.parse("sqlite:///" + dir.resolve("berth-data/berth.db")), 1);
    try {
      IdentityModule identity = IdentityModule.create(db, Clock.systemUTC(), Set.of("admin"));
      assertThat(identity.credentials().check("admin", password.toCharArray())).isPresent();
    } finally {
      db.close();
    }
  }
}
