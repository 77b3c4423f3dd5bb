package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.berth.server.testing.TestRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * {@code berth serve} against a database nobody listens for: it exits non-zero with a message that names the
 * database, and neither that message nor the log shows the password.
 */
class ServeUnreachableDatabaseTest {
  static final String PASSWORD = "S3cr3t-pw";

  Path dir;
  ListAppender<ILoggingEvent> log;
  Logger root;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createTempDirectory("berth-unreachable-");
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log = new ListAppender<>();
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void tearDown() throws Exception {
    root.detachAppender(log);
    TestRegistry.deleteTree(dir);
  }

  /** A loopback port that was free a moment ago: connections to it are refused. */
  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "postgresql://berth:" + PASSWORD + "@127.0.0.1:PORT/berthmeta | POSTGRESQL",
      "mysql+pymysql://berth:" + PASSWORD + "@127.0.0.1:PORT/berthmeta | MYSQL",
      "jdbc:postgresql://127.0.0.1:PORT/berthmeta?user=berth&password=" + PASSWORD + " | POSTGRESQL",
      "jdbc:mariadb://127.0.0.1:PORT/berthmeta?user=berth&password=" + PASSWORD + " | MYSQL"})
  void serve_withTheDatabaseUnreachable_exitsNonZeroNamingItWithoutThePassword(String uriTemplate, String vendor)
      throws Exception {
    int port = closedPort();
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, String.join("\n",
        "DB_URI: '" + uriTemplate.replace("PORT", Integer.toString(port)) + "'",
        "DB_CONNECTION_TIMEOUT_S: 2",
        "HTTP_HOST: 127.0.0.1",
        "HTTP_PORT: 0",
        "DATA_DIR: '" + dir.resolve("data") + "'",
        "AUTHENTICATION_TYPE: None",
        ""));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = BerthCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("serve", "--config", config.toString());

    String message = err.toString();
    assertThat(exit).as("exit status; stderr: %s", message).isNotZero();
    assertThat(message).contains("metadata database").contains(vendor).contains("127.0.0.1:" + port)
        .contains("berthmeta").doesNotContain(PASSWORD);
    assertThat(out.toString()).doesNotContain("listening").doesNotContain(PASSWORD);
    assertThat(logged()).doesNotContain(PASSWORD);
  }

  /** Every logged message with its exceptions' messages. */
  String logged() {
    return log.list.stream().map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs() + " "
        + throwableText(e.getThrowableProxy())).collect(Collectors.joining("\n"));
  }

  static String throwableText(IThrowableProxy t) {
    StringBuilder b = new StringBuilder();
    for (IThrowableProxy c = t; c != null; c = c.getCause()) {
      b.append(c.getClassName()).append(": ").append(c.getMessage()).append('\n');
    }
    return b.toString();
  }
}
