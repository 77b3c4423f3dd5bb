package dev.berth.server.access;

import dev.berth.oci.RepositoryName;
import org.jdbi.v3.core.Handle;

/** Runs inside the transaction that creates a repository on first push, to set up its permissions. */
@FunctionalInterface
public interface RepositoryCreationHook {

  /**
   * Called once per new repository, in the creating transaction.
   *
   * @param h the transaction's handle
   * @param repositoryId the new repository's id
   * @param name its name
   * @param creator who pushed it into existence
   */
  void created(Handle h, long repositoryId, RepositoryName name, Principal creator);

  /** A hook that does nothing, for registries without accounts. */
  static RepositoryCreationHook none() {
    return (h, id, name, creator) -> { };
  }
}
