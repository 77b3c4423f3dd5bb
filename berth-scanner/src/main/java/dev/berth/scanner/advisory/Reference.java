package dev.berth.scanner.advisory;

import java.util.Objects;

/**
 * A link to more information about an advisory.
 *
 * @param type the kind of link as the feed names it ({@code ADVISORY}, {@code FIX}, {@code WEB}, …); {@code WEB}
 *     when the feed gives none
 * @param url the address
 */
public record Reference(String type, String url) {
  public Reference {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("reference url is blank");
    }
  }

  /** A {@code WEB} reference. */
  public static Reference web(String url) {
    return new Reference("WEB", url);
  }
}
