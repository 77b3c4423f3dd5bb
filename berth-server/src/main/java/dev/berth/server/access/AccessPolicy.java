package dev.berth.server.access;

import dev.berth.oci.RepositoryName;

/**
 * The one place that answers "may this principal do this to this repository?". Every registry request passes
 * through it before any store is touched.
 */
public interface AccessPolicy {

  /**
   * Whether {@code principal} may perform {@code action} on {@code repository}. Never throws for a missing
   * repository: creating one on first push is an action too.
   */
  boolean allows(Principal principal, RepositoryName repository, Action action);

  /**
   * Requires {@code action}; returns normally when allowed.
   *
   * @throws dev.berth.oci.RegistryException {@code UNAUTHORIZED} when an anonymous caller is refused (it should
   *     authenticate), {@code DENIED} when an authenticated one is
   */
  void require(Principal principal, RepositoryName repository, Action action);
}
