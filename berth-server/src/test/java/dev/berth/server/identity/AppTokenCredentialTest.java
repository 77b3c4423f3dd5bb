package dev.berth.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.config.DatabaseUri;
import dev.berth.server.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App-specific tokens checked as {@code $app} against a real (SQLite) database. */
class AppTokenCredentialTest {
  @TempDir
  Path dir;

  Database db;
  IdentityModule identity;

  @BeforeEach
  void open() {
    db = Database.open(DatabaseUri.parse("sqlite:///" + dir.resolve("berth.db")), 2);
    identity = IdentityModule.create(db, Clock.systemUTC(), Set.of());
    identity.service().createUser("alice", Optional.empty(), "alice-password".toCharArray(), false);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void appTokenWithoutExpiry_signsInAsItsUser() {
    // berth user token NAME (no --expires-days) stores expires_ms NULL; reading it once failed with a 500.
    String token = identity.service().createAppToken("alice", "cli", Optional.empty()).secret();

    Optional<Account> account = identity.credentials().check(CredentialChecker.APP_TOKEN_USER, token.toCharArray());

    assertThat(account).map(Account::name).contains("alice");
  }

  @Test
  void appTokenWithExpiry_signsInAsItsUser_andAWrongTokenDoesNot() {
    String token = identity.service().createAppToken("alice", "ci", Optional.of(Duration.ofDays(1))).secret();

    assertThat(identity.credentials().check(CredentialChecker.APP_TOKEN_USER, token.toCharArray()))
        .map(Account::name).contains("alice");
    String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    assertThat(identity.credentials().check(CredentialChecker.APP_TOKEN_USER, wrong.toCharArray())).isEmpty();
  }
}
