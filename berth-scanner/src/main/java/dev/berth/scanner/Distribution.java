package dev.berth.scanner;

import java.util.Objects;

/**
 * The operating system release an image is built on, as read from {@code os-release}, {@code lsb-release} or
 * Alpine's {@code etc/issue}.
 *
 * @param id the lower-case distribution id ({@code debian}, {@code alpine}, {@code rhel}, …)
 * @param versionId the release ({@code 12}, {@code 3.18.4}); empty when unknown (Debian sid)
 * @param versionCodename the code name ({@code bookworm}); empty when unknown
 * @param name the human name ({@code Debian GNU/Linux})
 * @param prettyName the full human name ({@code Debian GNU/Linux 12 (bookworm)})
 * @param cpe the {@code CPE_NAME} where the release gives one; empty otherwise
 */
public record Distribution(
    String id, String versionId, String versionCodename, String name, String prettyName, String cpe) {
  public Distribution {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("distribution id is blank");
    }
    versionId = Objects.requireNonNullElse(versionId, "");
    versionCodename = Objects.requireNonNullElse(versionCodename, "");
    name = Objects.requireNonNullElse(name, "");
    prettyName = Objects.requireNonNullElse(prettyName, "");
    cpe = Objects.requireNonNullElse(cpe, "");
  }

  /**
   * os-release's {@code VERSION} as claircore records it, rebuilt from the parts kept here: {@code 12 (bookworm)},
   * or whichever of the release and code name is known.
   */
  public String version() {
    if (versionCodename.isEmpty()) {
      return versionId;
    }
    return versionId.isEmpty() ? versionCodename : versionId + " (" + versionCodename + ")";
  }
}
