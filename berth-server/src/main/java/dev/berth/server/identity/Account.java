package dev.berth.server.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * A user or a robot: something that holds credentials.
 *
 * @param id the row id
 * @param namespaceId a user's own namespace, or a robot's owner's namespace
 * @param kind user or robot
 * @param name {@code alice} or {@code acme+ci}
 * @param email a user's e-mail address, if given
 * @param enabled whether it may sign in
 * @param superuser whether it is a superuser (flagged, or listed in {@code SUPER_USERS})
 * @param credentialVersion bumped on every password, token or enablement change; tokens carry it, so a change
 *     revokes refresh tokens issued before it
 */
public record Account(long id, long namespaceId, Kind kind, String name, Optional<String> email, boolean enabled,
    boolean superuser, long credentialVersion) {
  /** Accounts are users or robots. */
  public enum Kind {
    USER,
    ROBOT
  }

  public Account {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
  }

  /** For a robot {@code owner+name}: the owner's name. */
  public String owner() {
    int plus = name.indexOf('+');
    return plus < 0 ? name : name.substring(0, plus);
  }
}
