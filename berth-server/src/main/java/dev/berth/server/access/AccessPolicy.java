package dev.berth.server.access;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that answers "may this principal do this to this repository?". Every registry request passes
 * through it before any store is touched, and the token service asks it what to grant.
 */
public interface AccessPolicy {

  /**
   * What {@code principal} may do to {@code repository}. For a principal carrying a registry token this is what the
   * token grants (the policy's own earlier decision); otherwise it is decided now, and an account disabled by then
   * (whose token may still be unexpired) is allowed nothing. A repository that does not exist yet may be pushed to
   * (and so created) by those allowed to create in its namespace.
   *
   * @return the allowed actions, possibly empty; never null
   */
  Set<Action> allowed(Principal principal, RepositoryName repository);

  /**
   * Those of {@code repositories} that {@code principal} may pull, in their order, each decided as {@link #allowed}
   * decides it: what a catalog page may show.
   */
  default List<RepositoryName> pullable(Principal principal, List<RepositoryName> repositories) {
    return repositories.stream().filter(r -> allows(principal, r, Action.PULL)).toList();
  }

  /** Whether {@code principal} may perform {@code action} on {@code repository}. */
  default boolean allows(Principal principal, RepositoryName repository, Action action) {
    return allowed(principal, repository).contains(action);
  }

  /**
   * Requires {@code action}; returns normally when allowed.
   *
   * @throws RegistryException {@code UNAUTHORIZED} when a caller without a token is refused (it should
   *     authenticate), {@code DENIED} when a caller with one is
   */
  default void require(Principal principal, RepositoryName repository, Action action) {
    if (allows(principal, repository, action)) {
      return;
    }
    boolean authenticated = principal.grants().isPresent() || !principal.isAnonymous();
    throw new RegistryException(authenticated ? ErrorCode.DENIED : ErrorCode.UNAUTHORIZED,
        authenticated ? "requested access to the resource is denied" : "authentication required",
        Map.of("name", repository.value(), "action", action.scopeName()));
  }
}
