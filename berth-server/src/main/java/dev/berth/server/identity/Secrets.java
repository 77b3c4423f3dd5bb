package dev.berth.server.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Passwords are hashed with bcrypt (a deliberately slow hash); generated tokens carry 256 random bits, so a fast
 * SHA-256 of them is enough to store. Nothing here keeps a secret longer than a call.
 */
public final class Secrets {
  /** bcrypt's work factor: about a quarter of a second per check on current hardware. */
  static final int BCRYPT_COST = 12;

  private final SecureRandom random;

  public Secrets(SecureRandom random) {
    this.random = random;
  }

  /** A bcrypt hash of {@code password}. */
  public String hashPassword(char[] password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(password, salt, BCRYPT_COST);
  }

  /** Whether {@code password} matches a bcrypt {@code hash}; false for a malformed hash. */
  public boolean checkPassword(String hash, char[] password) {
    try {
      return OpenBSDBCrypt.checkPassword(hash, password);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A new token of 32 random bytes, URL-safe base64 without padding (43 characters). */
  public String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A strong generated password for users who did not choose one. */
  public String newPassword() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a generated token: hex SHA-256. */
  public static String hashToken(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares two hex hashes in time independent of where they differ. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
