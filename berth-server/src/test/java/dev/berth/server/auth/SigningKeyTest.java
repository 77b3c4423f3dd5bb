package dev.berth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The token signing key says which key a node uses, so that operators can see that all nodes share one: a key
 * created by {@code serve} is announced with a warning, a loaded one with its id, and the id (the public key's
 * thumbprint) is the same wherever the file is read, and never any of the private key.
 */
class SigningKeyTest {
  @TempDir Path dir;
  final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(SigningKey.class);

  Level levelBefore;

  @BeforeEach
  void capture() {
    captured.start();
    levelBefore = logger.getLevel();
    logger.setLevel(Level.INFO); // the tests' logging configuration may show warnings only
    logger.addAppender(captured);
  }

  @AfterEach
  void release() {
    logger.detachAppender(captured);
    logger.setLevel(levelBefore);
  }

  private List<String> lines() {
    return captured.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage() + " "
        + e.getKeyValuePairs()).toList();
  }

  @Test
  void aCreatedKey_isAnnouncedWithAWarning_andALoadedOne_withTheSameId() throws Exception {
    Path file = dir.resolve("token-signing.pem");
    SigningKey created = SigningKey.loadOrCreate(file);
    SigningKey loaded = SigningKey.loadOrCreate(file);

    assertThat(loaded.id()).isEqualTo(created.id()).matches("[A-Za-z0-9_-]{43}");
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0)).startsWith("WARN created a new token signing key").contains(created.id());
    assertThat(lines().get(1)).startsWith("INFO token signing key loaded").contains(created.id());
    String pem = Files.readString(file);
    String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf('\n') + 41);
    assertThat(String.join("\n", lines())).doesNotContain(body);
  }

  @Test
  void twoKeys_haveDifferentIds() throws Exception {
    assertThat(SigningKey.loadOrCreate(dir.resolve("a.pem")).id())
        .isNotEqualTo(SigningKey.loadOrCreate(dir.resolve("b.pem")).id());
  }
}
