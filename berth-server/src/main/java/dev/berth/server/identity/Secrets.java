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

  /**
   * The most a password may have, in UTF-8 bytes: bcrypt reads no more, so two passwords that share their first 72
   * bytes would have the same hash.
   */
  public static final int MAX_PASSWORD_BYTES = 72;

  /**
   * The length of {@code password} in UTF-8, counted without copying it; -1 when it is not valid UTF-16 (an
   * unpaired surrogate), which bcrypt cannot encode.
   */
  static int utf8Length(char[] password) {
    int bytes = 0;
    for (int i = 0; i < password.length; i++) {
      char c = password[i];
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < password.length
          && Character.isLowSurrogate(password[i + 1])) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return -1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Whether bcrypt hashes all of {@code password}: valid text of at most {@link #MAX_PASSWORD_BYTES} bytes. */
  static boolean fitsBcrypt(char[] password) {
    int length = utf8Length(password);
    return length >= 0 && length <= MAX_PASSWORD_BYTES;
  }

  /**
   * A bcrypt hash of {@code password}.
   *
   * @throws IllegalArgumentException if bcrypt could not hash all of it ({@link #fitsBcrypt})
   */
  public String hashPassword(char[] password) {
    if (!fitsBcrypt(password)) {
      throw new IllegalArgumentException("bcrypt hashes passwords of at most " + MAX_PASSWORD_BYTES + " bytes");
    }
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(password, salt, BCRYPT_COST);
  }

  /**
   * Whether {@code password} matches a bcrypt {@code hash}; false for a malformed hash, and for a password bcrypt
   * could not hash in full, which would otherwise match by its first 72 bytes alone.
   */
  public boolean checkPassword(String hash, char[] password) {
    if (!fitsBcrypt(password)) {
      return false;
    }
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

  /** A strong generated password for users who did not choose one: 24 characters, 144 random bits. */
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
