package dev.berth.server.access;

import dev.berth.oci.RepositoryName;
import java.util.EnumSet;
import java.util.Set;

/** The policy of a registry without authentication ({@code AUTHENTICATION_TYPE: None}): everyone may do everything. */
public final class OpenAccessPolicy implements AccessPolicy {

  @Override
  public Set<Action> allowed(Principal principal, RepositoryName repository) {
    return EnumSet.allOf(Action.class);
  }
}
