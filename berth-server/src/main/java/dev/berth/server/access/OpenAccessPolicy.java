package dev.berth.server.access;

import dev.berth.oci.RepositoryName;

/** The policy of a registry without authentication: everyone may do everything. */
public final class OpenAccessPolicy implements AccessPolicy {

  @Override
  public boolean allows(Principal principal, RepositoryName repository, Action action) {
    return true;
  }

  @Override
  public void require(Principal principal, RepositoryName repository, Action action) {
    // Everything is allowed on an open registry.
  }
}
