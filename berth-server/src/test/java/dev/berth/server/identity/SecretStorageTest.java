package dev.berth.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the database keeps of secrets: bcrypt hashes of passwords (cost 12 or more, salted), SHA-256 hashes of
 * robot and app-specific tokens, and nowhere, in any column of any table, a secret itself.
 */
class SecretStorageTest {
  static final Pattern BCRYPT = Pattern.compile("\\$2[ay]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");

  static Path dir;
  static Accounts accounts;

  @BeforeAll
  static void open() throws Exception {
    dir = Files.createTempDirectory("berth-secrets-");
    accounts = Accounts.in(dir, Clock.systemUTC());
  }

  @AfterAll
  static void close() throws Exception {
    accounts.close();
    TestRegistry.deleteTree(dir);
  }

  private static String secretOf(String account) {
    return (String) accounts.rows("SELECT secret_hash FROM account WHERE name = '" + account + "'").getFirst()
        .get("secret_hash");
  }

  private static String sha256Hex(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void passwords_areStoredAsSaltedBcryptOfCostTwelveOrMore() {
    String shared = "the-same-password-for-both";
    accounts.service().createUser("hank", Optional.empty(), shared.toCharArray(), false);
    accounts.service().createUser("hilda", Optional.empty(), shared.toCharArray(), false);

    for (String user : List.of("hank", "hilda")) {
      Matcher m = BCRYPT.matcher(secretOf(user));
      assertThat(m.matches()).as(secretOf(user)).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(12);
    }
    assertThat(secretOf("hank")).as("salted").isNotEqualTo(secretOf("hilda"));
    assertThat(new Secrets(new java.security.SecureRandom()).checkPassword(secretOf("hank"), shared.toCharArray()))
        .isTrue();
  }

  @Test
  void passwordChange_replacesTheHash_andBumpsTheCredentialVersion() {
    accounts.user("ivan");
    String before = secretOf("ivan");
    long version = accounts.service().account("ivan").orElseThrow().credentialVersion();

    accounts.service().setPassword("ivan", "another-long-password".toCharArray());

    assertThat(secretOf("ivan")).matches(BCRYPT).isNotEqualTo(before);
    assertThat(accounts.service().account("ivan").orElseThrow().credentialVersion()).isGreaterThan(version);
  }

  @Test
  void robotTokens_areStoredOnlyAsSha256_andRegenerationReplacesTheHash() throws Exception {
    accounts.user("jack");
    String token = accounts.robot("jack+ci");
    assertThat(secretOf("jack+ci")).isEqualTo(sha256Hex(token));

    String regenerated = accounts.service().regenerateRobotToken("jack+ci").token();

    assertThat(regenerated).isNotEqualTo(token);
    assertThat(secretOf("jack+ci")).isEqualTo(sha256Hex(regenerated));
  }

  @Test
  void appTokens_areStoredOnlyAsSha256() throws Exception {
    accounts.user("kate");
    String token = accounts.appToken("kate", Optional.empty());

    List<Map<String, Object>> rows = accounts.rows("SELECT a.* FROM app_token a JOIN account u ON u.id = a.account_id"
        + " WHERE u.name = 'kate'");
    assertThat(rows).hasSize(1);
    assertThat(rows.getFirst().get("token_hash")).isEqualTo(sha256Hex(token));
    assertThat(token).hasSize(43);
  }

  @Test
  void noColumnOfAnyTable_holdsASecret() {
    String password = "a-password-for-liam";
    accounts.service().createUser("liam", Optional.of("liam@example.com"), password.toCharArray(), false);
    List<String> secrets = new ArrayList<>(List.of(password, accounts.robot("liam+bot"),
        accounts.appToken("liam", Optional.of(java.time.Duration.ofDays(1))), accounts.appToken("liam",
            Optional.empty())));
    accounts.org("liamorg", "liam");
    secrets.add(accounts.robot("liamorg+deploy"));
    accounts.service().setPassword("liam", "a-second-password-for-liam".toCharArray());
    secrets.add("a-second-password-for-liam");

    List<Map<String, Object>> tables = accounts.rows("SELECT name FROM sqlite_master WHERE type = 'table'");
    assertThat(tables).extracting(t -> t.get("name")).contains("account", "app_token", "audit_log");
    for (Map<String, Object> table : tables) {
      for (Map<String, Object> row : accounts.rows("SELECT * FROM \"" + table.get("name") + "\"")) {
        for (Object value : row.values()) {
          String text = value instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(value);
          for (String secret : secrets) {
            assertThat(text).as("%s holds a secret", table.get("name")).doesNotContain(secret);
          }
        }
      }
    }
  }
}
