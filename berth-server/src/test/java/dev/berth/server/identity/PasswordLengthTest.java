package dev.berth.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.server.config.DatabaseUri;
import dev.berth.server.db.Database;
import dev.berth.server.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bcrypt reads at most 72 bytes of a password: longer ones are refused wherever a password is set, and never
 * match at sign-in, so no password can stand in for another that shares its first 72 bytes.
 */
class PasswordLengthTest {
  static final String BYTES_72 = "p".repeat(72);
  static final String BYTES_73 = "p".repeat(73);

  static Path dir;
  static Database db;
  static IdentityService identity;
  static CredentialChecker credentials;

  @BeforeAll
  static void open() throws Exception {
    dir = Files.createTempDirectory("berth-passwords-");
    db = Database.open(DatabaseUri.parse("sqlite:///" + dir.resolve("berth.db")), 2);
    IdentityModule module = IdentityModule.create(db, Clock.systemUTC(), Set.of());
    identity = module.service();
    credentials = module.credentials();
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
    TestRegistry.deleteTree(dir);
  }

  static void assertRefusedForLength(Runnable setting) {
    assertThatThrownBy(setting::run).isInstanceOf(IdentityException.class)
        .hasMessageContaining("at most 72 bytes");
  }

  @Test
  void createUser_withAPasswordOverSeventyTwoBytes_isRefused_andNoUserIsMade() {
    assertRefusedForLength(() -> identity.createUser("toolong", Optional.empty(), BYTES_73.toCharArray(), false));

    assertThat(identity.account("toolong")).isEmpty();
  }

  @Test
  void setPassword_overSeventyTwoBytes_isRefused_andTheOldPasswordStays() {
    identity.createUser("keeper", Optional.empty(), "keeper-password-1".toCharArray(), false);

    assertRefusedForLength(() -> identity.setPassword("keeper", BYTES_73.toCharArray()));

    assertThat(credentials.check("keeper", "keeper-password-1".toCharArray())).isPresent();
  }

  @Test
  void theLimitCountsUtf8Bytes_notCharacters() {
    String accented72 = "é".repeat(36); // 36 characters, 72 bytes
    String accented74 = "é".repeat(37); // 37 characters, 74 bytes
    String emoji72 = "\uD83D\uDEA2".repeat(18); // 18 ships, 36 chars, 72 bytes

    assertRefusedForLength(() -> identity.createUser("accents", Optional.empty(), accented74.toCharArray(), false));
    identity.createUser("accents", Optional.empty(), accented72.toCharArray(), false);
    identity.createUser("ships", Optional.empty(), emoji72.toCharArray(), false);

    assertThat(credentials.check("accents", accented72.toCharArray())).isPresent();
    assertThat(credentials.check("ships", emoji72.toCharArray())).isPresent();
  }

  @Test
  void aPasswordOfExactlySeventyTwoBytes_signsIn_andNoLongerOneSharingItsBytesDoes() {
    // bcrypt hashed only the first 72 bytes, so any password beginning with a 72-byte one matched its hash
    identity.createUser("edge", Optional.empty(), BYTES_72.toCharArray(), false);

    assertThat(credentials.check("edge", BYTES_72.toCharArray())).isPresent();
    assertThat(credentials.check("edge", (BYTES_72 + "anything").toCharArray())).isEmpty();
    assertThat(credentials.check("edge", BYTES_73.toCharArray())).isEmpty();
  }

  @Test
  void aPasswordThatIsNotValidUnicode_isRefused_notAnError() {
    char[] loneSurrogate = "password-\uD83D".toCharArray();

    assertThatThrownBy(() -> identity.createUser("lone", Optional.empty(), loneSurrogate, false))
        .isInstanceOf(IdentityException.class).hasMessageContaining("valid Unicode");
  }

  @Test
  void theMinimumStays_eightCharacters() {
    assertThatThrownBy(() -> identity.createUser("shorty", Optional.empty(), "seven-7".toCharArray(), false))
        .isInstanceOf(IdentityException.class).hasMessageContaining("at least 8 characters");
  }

  @Test
  void generatedPasswords_fitWithinTheLimit() {
    Secrets secrets = new Secrets(new SecureRandom());
    for (int i = 0; i < 100; i++) {
      String generated = secrets.newPassword();
      assertThat(generated.getBytes(StandardCharsets.UTF_8).length).isBetween(16, Secrets.MAX_PASSWORD_BYTES);
      assertThat(Secrets.fitsBcrypt(generated.toCharArray())).isTrue();
    }
  }
}
