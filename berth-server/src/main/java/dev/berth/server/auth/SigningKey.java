package dev.berth.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import dev.berth.server.files.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key registry tokens are signed with, kept as a PKCS#8 PEM file readable only by its owner. Nodes that
 * share the file verify each other's tokens.
 */
public final class SigningKey {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SigningKey.class);
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private final RSAKey jwk;

  private SigningKey(RSAKey jwk) {
    this.jwk = jwk;
  }

  /** The key as a JWK, with its thumbprint as key id. */
  RSAKey jwk() {
    return jwk;
  }

  /**
   * Reads the key at {@code file}, creating a new 2048-bit key there first when it does not exist.
   *
   * @throws IOException if the file cannot be read or written, or holds no RSA private key
   */
  public static SigningKey loadOrCreate(Path file) throws IOException {
    boolean created = !Files.exists(file);
    if (created) {
      create(file);
    }
    SigningKey key = load(file);
    // The id is the public key's thumbprint: no secret, and equal on every node that shares the file. A node that
    // made its own key by mistake is found by comparing these lines.
    if (created) {
      log.atWarn().addKeyValue("file", file).addKeyValue("kid", key.id())
          .log("created a new token signing key: nodes that do not share this file refuse each other's tokens");
    } else {
      log.atInfo().addKeyValue("file", file).addKeyValue("kid", key.id()).log("token signing key loaded");
    }
    return key;
  }

  /** The key's id, the RFC 7638 thumbprint of its public half. */
  public String id() {
    return jwk.getKeyID();
  }

  /** Writes a new key to {@code file}, which must not exist. */
  public static void create(Path file) throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate RSA keys", e);
    }
    String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(pair.getPrivate().getEncoded()) + "\n" + END + "\n";
    if (file.getParent() != null) {
      // without a configuration file the key lives in DATA_DIR, which Berth then creates here
      OwnerOnly.createDirectories(file.getParent());
    }
    OwnerOnly.writeNew(file, pem);
  }

  static SigningKey load(Path file) throws IOException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IOException(file + " holds no PKCS#8 private key");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
      KeyFactory factory = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
      RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
          new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      RSAKey key = new RSAKey.Builder(publicKey).privateKey(privateKey).build();
      return new SigningKey(new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build());
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException | JOSEException e) {
      throw new IOException(file + " holds no usable RSA private key", e);
    }
  }
}
