package dev.berth.server.access;

import dev.berth.oci.RepositoryName;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking.
 *
 * @param kind anonymous, a user (also when signed in with an app-specific token) or a robot
 * @param name the account name ({@code alice}, {@code acme+ci}); empty for anonymous callers
 * @param accountId the account's id; 0 for anonymous callers
 * @param superuser whether the account is listed in {@code SUPER_USERS} or flagged as a superuser
 * @param grants when the request carries a registry token: what the token grants, per repository name, as the
 *     {@link AccessPolicy} decided when it issued the token; empty otherwise
 */
public record Principal(Kind kind, String name, long accountId, boolean superuser,
    Optional<Map<String, Set<Action>>> grants) {
  private static final Principal ANONYMOUS = new Principal(Kind.ANONYMOUS, "", 0, false, Optional.empty());

  /** What kind of caller. */
  public enum Kind {
    ANONYMOUS,
    USER,
    ROBOT
  }

  public Principal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    grants = grants.map(Map::copyOf);
    if ((kind == Kind.ANONYMOUS) != name.isEmpty()) {
      throw new IllegalArgumentException("anonymous principals, and only they, have no name");
    }
  }

  /** The caller who presented no credentials. */
  public static Principal anonymous() {
    return ANONYMOUS;
  }

  /** An authenticated account. */
  public static Principal account(Kind kind, String name, long accountId, boolean superuser) {
    return new Principal(kind, name, accountId, superuser, Optional.empty());
  }

  /** Whether this is the anonymous caller. */
  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /** This principal as carried by a token that grants {@code tokenGrants}. */
  public Principal withGrants(Map<String, Set<Action>> tokenGrants) {
    return new Principal(kind, name, accountId, superuser, Optional.of(tokenGrants));
  }

  /** This principal without its token's grants, for decisions the token does not cover (the catalog). */
  public Principal withoutGrants() {
    return grants.isEmpty() ? this : new Principal(kind, name, accountId, superuser, Optional.empty());
  }

  /** What the token grants on {@code repository}; empty when it grants nothing there. */
  public Set<Action> granted(RepositoryName repository) {
    return grants.map(g -> g.getOrDefault(repository.value(), Set.of())).map(s -> s.isEmpty()
        ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(s)).orElse(EnumSet.noneOf(Action.class));
  }
}
