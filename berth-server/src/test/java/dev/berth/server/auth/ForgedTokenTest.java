package dev.berth.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.server.identity.Role;
import dev.berth.server.testing.Accounts;
import dev.berth.server.testing.RegistryClient;
import dev.berth.server.testing.TestRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registry tokens the server did not issue, or no longer honours, are refused with 401 and a fresh challenge.
 * Forgeries are built exactly like the server's own tokens, with one defect each; a forgery without a defect,
 * signed with the real key read from the data directory, is accepted, so every refusal is down to its defect.
 */
class ForgedTokenTest {
  static final String MANIFEST = "/v2/alice/app/manifests/v1";

  static TestRegistry registry;
  static RegistryClient client;
  static RSAKey realKey;
  static long aliceId;

  @BeforeAll
  static void start() throws Exception {
    registry = TestRegistry.start(Map.of("AUTHENTICATION_TYPE", "Database", "LOGIN_FAILURE_LIMIT", 1000));
    client = new RegistryClient(registry.base());
    try (Accounts accounts = Accounts.of(registry)) {
      accounts.user("alice");
      accounts.user("bob");
      client.push("alice/app", "v1", client.token("alice", Accounts.password("alice"),
          "repository:alice/app:pull,push"));
      accounts.grant("alice/app", "bob", Role.READ);
      aliceId = accounts.service().account("alice").orElseThrow().id();
    }
    realKey = SigningKey.load(registry.dataDir().resolve("token-signing.pem")).jwk();
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
  }

  /** The claims the server would issue to alice for pull on alice/app, now. */
  private static JWTClaimsSet.Builder aliceClaims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer("berth")
        .subject("alice")
        .audience(registry.hostPort())
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minusSeconds(30)))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
        .jwtID(UUID.randomUUID().toString())
        .claim("access", List.of(Map.of("type", "repository", "name", "alice/app", "actions", List.of("pull"))))
        .claim("context", Map.of("kind", "user", "account_id", aliceId, "superuser", false));
  }

  private static String rs256(JWTClaimsSet claims, RSAKey key, String kid) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String withRealKey(UnaryOperator<JWTClaimsSet.Builder> defect) throws Exception {
    return rs256(defect.apply(aliceClaims(Instant.now())).build(), realKey, realKey.getKeyID());
  }

  private static void assertRefused(String token) throws Exception {
    HttpResponse<String> r = client.get(MANIFEST, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(RegistryClient.json(r.body()).at("/errors/0/code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
        .startsWith("Bearer realm=\"" + registry.base() + "/v2/auth\"")
        .contains("scope=\"repository:alice/app:pull\""));
  }

  @Test
  void forgeryWithoutDefect_signedWithTheRealKey_isAccepted() throws Exception {
    assertThat(client.get(MANIFEST, withRealKey(b -> b)).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredToken_isRefused() throws Exception {
    Instant then = Instant.now().minus(Duration.ofHours(1));
    assertRefused(withRealKey(b -> aliceClaims(then)));
    assertRefused(withRealKey(b -> b.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(2))))));
  }

  @Test
  void tokenWithoutExpiry_isRefused() throws Exception {
    assertRefused(withRealKey(b -> b.expirationTime(null)));
  }

  @Test
  void notYetValidToken_isRefused() throws Exception {
    assertRefused(withRealKey(b -> b.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))));
  }

  @Test
  void tokenForAnotherServiceOrFromAnotherIssuer_isRefused() throws Exception {
    assertRefused(withRealKey(b -> b.audience("registry.example.com")));
    assertRefused(withRealKey(b -> b.audience((String) null)));
    assertRefused(withRealKey(b -> b.issuer("quay")));
  }

  @Test
  void tamperedClaims_withTheOriginalSignature_areRefused() throws Exception {
    String bobs = client.token("bob", Accounts.password("bob"), "repository:alice/app:pull");
    assertThat(client.get(MANIFEST, bobs).statusCode()).as("the untampered token works").isEqualTo(200);
    String[] parts = bobs.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

    for (String tampered : List.of(
        payload.replace("\"sub\":\"bob\"", "\"sub\":\"alice\""),
        payload.replace("\"actions\":[\"pull\"]", "\"actions\":[\"pull\",\"push\",\"delete\"]"),
        payload.replace("\"superuser\":false", "\"superuser\":true"))) {
      assertThat(tampered).isNotEqualTo(payload);
      String forged = parts[0] + "." + Base64URL.encode(tampered.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
      assertRefused(forged);
    }
  }

  @Test
  void tokenSignedByAnotherKey_withTheSameKid_isRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    var pair = g.generateKeyPair();
    RSAKey foreign = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
        .privateKey((RSAPrivateKey) pair.getPrivate()).build();

    assertRefused(rs256(aliceClaims(Instant.now()).build(), foreign, realKey.getKeyID()));
  }

  @Test
  void tokenSignedByTheRealKey_underAnotherKid_isRefused() throws Exception {
    assertRefused(rs256(aliceClaims(Instant.now()).build(), realKey, "some-other-key"));
  }

  @Test
  void unsignedTokenWithAlgNone_isRefused() throws Exception {
    String none = new PlainJWT(aliceClaims(Instant.now()).build()).serialize();
    assertThat(none).endsWith(".");
    assertRefused(none);
    assertRefused(none + "c2lnbmF0dXJl");
  }

  @Test
  void hs256Token_keyedWithThePublicKeyBytes_isRefused() throws Exception {
    RSAPublicKey pub = realKey.toRSAPublicKey();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pub.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    for (byte[] secret : List.of(pub.getEncoded(), pem.getBytes(StandardCharsets.US_ASCII))) {
      JWSSigner hmac = new MACSigner(secret);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(realKey.getKeyID())
          .type(JOSEObjectType.JWT).build(), aliceClaims(Instant.now()).build());
      jwt.sign(hmac);
      assertRefused(jwt.serialize());
    }
  }

  @Test
  void refreshToken_isNotAnAccessToken() throws Exception {
    HttpResponse<String> r = client.tokenRequest(
        java.util.Optional.of(RegistryClient.basic("alice", Accounts.password("alice"))),
        "?offline_token=true&scope=repository:alice/app:pull");
    String refresh = RegistryClient.json(r.body()).get("refresh_token").asText();
    assertRefused(refresh);
  }

  @Test
  void garbageBearerValues_areRefused() throws Exception {
    for (String garbage : List.of("", "x", "a.b.c", "eyJhbGciOiJSUzI1NiJ9..", "....")) {
      assertRefused(garbage);
    }
  }
}
