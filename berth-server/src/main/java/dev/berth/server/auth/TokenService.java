package dev.berth.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.berth.server.access.Action;
import dev.berth.server.access.Principal;
import dev.berth.server.identity.AppToken;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies registry tokens: RS256 JWTs in the Docker token format, whose {@code access} claim lists
 * what was granted per repository. Refresh tokens are JWTs of their own type that carry the account's credential
 * version, so a password change or disablement revokes them, and, when the account signed in with an app-specific
 * token, that token's id: they expire no later than it, and stop refreshing once it is revoked.
 */
final class TokenService {
  static final String ISSUER = "berth";
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

  private final SigningKey key;
  private final JWSSigner signer;
  private final JWSVerifier verifier;
  private final Clock clock;
  private final Duration lifetime;

  /** A verified access token. */
  record Verified(Principal principal, String audience) {}

  /**
   * A verified refresh token.
   *
   * @param appTokenId the app-specific token it was issued for, if it was
   */
  record Refresh(long accountId, long credentialVersion, OptionalLong appTokenId) {}

  TokenService(SigningKey key, Clock clock, Duration lifetime) {
    this.key = key;
    this.clock = clock;
    this.lifetime = lifetime;
    try {
      this.signer = new RSASSASigner(key.jwk());
      this.verifier = new RSASSAVerifier(key.jwk().toRSAPublicKey());
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable signing key", e);
    }
  }

  Duration lifetime() {
    return lifetime;
  }

  /** Signs an access token for {@code principal} granting {@code grants} (repository name → actions). */
  String issue(Principal principal, Map<String, Set<Action>> grants, boolean catalog, String audience,
      Instant now) {
    List<Map<String, Object>> access = new ArrayList<>();
    grants.forEach((name, actions) -> {
      if (!actions.isEmpty()) {
        access.add(Map.of("type", Scope.REPOSITORY, "name", name,
            "actions", actions.stream().map(Action::scopeName).toList()));
      }
    });
    if (catalog) {
      access.add(Map.of("type", Scope.REGISTRY, "name", "catalog", "actions", List.of("*")));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("kind", principal.kind().name().toLowerCase(Locale.ROOT));
    context.put("account_id", principal.accountId());
    context.put("superuser", principal.superuser());
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(principal.isAnonymous() ? "" : principal.name())
        .audience(audience)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minus(SKEW)))
        .expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(UUID.randomUUID().toString())
        .claim("access", access)
        .claim("context", context)
        .build();
    return sign(claims);
  }

  /**
   * Signs a refresh token for who signed in, bound to its credential version and to the app-specific token it used,
   * if any, which it does not outlive.
   */
  String issueRefresh(SignedIn signedIn, String audience, Instant now) {
    Instant expires = now.plus(REFRESH_LIFETIME);
    Optional<Instant> appTokenExpires = signedIn.appToken().flatMap(AppToken::expires);
    if (appTokenExpires.isPresent() && appTokenExpires.get().isBefore(expires)) {
      expires = appTokenExpires.get();
    }
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(audience)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(expires))
        .jwtID(UUID.randomUUID().toString())
        .claim("token_type", "refresh")
        .claim("account_id", signedIn.principal().accountId())
        .claim("cv", signedIn.credentialVersion());
    signedIn.appToken().ifPresent(t -> claims.claim("app_token_id", t.id()));
    return sign(claims.build());
  }

  /** The access token's principal and grants, if it is ours, intact, current and meant for {@code audience}. */
  Optional<Verified> verify(String token, String audience) {
    return claims(token, audience).filter(c -> c.getClaim("token_type") == null).flatMap(this::principal)
        .map(p -> new Verified(p, audience));
  }

  /** The refresh token's account, if it is ours, intact, current and meant for {@code audience}. */
  Optional<Refresh> verifyRefresh(String token, String audience) {
    return claims(token, audience).filter(c -> "refresh".equals(c.getClaim("token_type"))).flatMap(c -> {
      try {
        Long appTokenId = c.getLongClaim("app_token_id");
        return Optional.of(new Refresh(c.getLongClaim("account_id"), c.getLongClaim("cv"),
            appTokenId == null ? OptionalLong.empty() : OptionalLong.of(appTokenId)));
      } catch (ParseException | NullPointerException e) {
        return Optional.empty();
      }
    });
  }

  private Optional<JWTClaimsSet> claims(String token, String audience) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || !key.jwk().getKeyID().equals(jwt.getHeader().getKeyID()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      boolean current = c.getExpirationTime() != null && c.getExpirationTime().toInstant().isAfter(now.minus(SKEW))
          && (c.getNotBeforeTime() == null || !c.getNotBeforeTime().toInstant().isAfter(now.plus(SKEW)));
      boolean ours = ISSUER.equals(c.getIssuer()) && c.getAudience() != null && c.getAudience().contains(audience);
      return current && ours ? Optional.of(c) : Optional.empty();
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private Optional<Principal> principal(JWTClaimsSet c) {
    try {
      Map<String, Object> context = c.getJSONObjectClaim("context");
      Principal.Kind kind = Principal.Kind.valueOf(String.valueOf(context.get("kind")).toUpperCase(Locale.ROOT));
      String subject = Optional.ofNullable(c.getSubject()).orElse("");
      long accountId = ((Number) context.get("account_id")).longValue();
      boolean superuser = Boolean.TRUE.equals(context.get("superuser"));
      Principal base = kind == Principal.Kind.ANONYMOUS ? Principal.anonymous()
          : Principal.account(kind, subject, accountId, superuser);
      Map<String, Set<Action>> grants = new HashMap<>();
      Object access = c.getClaim("access");
      if (access instanceof List<?> entries) {
        for (Object entry : entries) {
          Map<String, Object> e = (Map<String, Object>) entry;
          if (Scope.REPOSITORY.equals(e.get("type")) && e.get("actions") instanceof List<?> actions) {
            Set<Action> set = EnumSet.noneOf(Action.class);
            for (Object a : actions) {
              for (Action action : Action.values()) {
                if (action.scopeName().equals(a)) {
                  set.add(action);
                }
              }
            }
            grants.put(String.valueOf(e.get("name")), set);
          }
        }
      }
      return Optional.of(base.withGrants(grants));
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.jwk().getKeyID()).build(),
        claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }
}
