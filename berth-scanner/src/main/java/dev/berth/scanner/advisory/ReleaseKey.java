package dev.berth.scanner.advisory;

import dev.berth.scanner.Distribution;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operating-system release an OS advisory applies to, written {@code distro:version}: {@code debian:12},
 * {@code debian:unstable}, {@code alpine:v3.18}, {@code alpine:edge}, {@code wolfi:rolling}.
 *
 * <p>Advisories and installed packages meet on this key: readers derive it from the feed (OSV's
 * {@code Debian:12}, the tracker's {@code bookworm}, secdb's {@code distroversion}), and {@link #of(Distribution)}
 * derives it from what the image's {@code os-release} says.
 *
 * @param distro the lower-case distribution id ({@code debian}, {@code alpine})
 * @param version the release within it, as the advisory feeds name it
 */
public record ReleaseKey(String distro, String version) {
  private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern ALPINE_VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)?");
  private static final Pattern DEBIAN_VERSION = Pattern.compile("(\\d+)(?:\\.\\d+)*");

  /** Debian code names to release numbers, as the security tracker and os-release use them. */
  static final Map<String, String> DEBIAN_CODENAMES = Map.ofEntries(
      Map.entry("squeeze", "6"), Map.entry("wheezy", "7"), Map.entry("jessie", "8"),
      Map.entry("stretch", "9"), Map.entry("buster", "10"), Map.entry("bullseye", "11"),
      Map.entry("bookworm", "12"), Map.entry("trixie", "13"), Map.entry("forky", "14"),
      Map.entry("sid", "unstable"));

  public ReleaseKey {
    Objects.requireNonNull(distro, "distro");
    Objects.requireNonNull(version, "version");
    if (!PART.matcher(distro).matches() || !PART.matcher(version).matches()) {
      throw new IllegalArgumentException("invalid release key '" + distro + ":" + version + "'");
    }
  }

  /**
   * Parses {@code distro:version}.
   *
   * @throws IllegalArgumentException if {@code key} is not of that form
   */
  public static ReleaseKey parse(String key) {
    int colon = key.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid release key '" + key + "': expected distro:version");
    }
    return new ReleaseKey(key.substring(0, colon), key.substring(colon + 1));
  }

  /** {@code debian:N} for a Debian code name ({@code bookworm}→12, {@code sid}→unstable), if known. */
  public static Optional<ReleaseKey> debianCodename(String codename) {
    String v = DEBIAN_CODENAMES.get(codename.toLowerCase(Locale.ROOT));
    return v == null ? Optional.empty() : Optional.of(new ReleaseKey("debian", v));
  }

  /**
   * The release key of an image's distribution: Debian by the major {@code VERSION_ID}, else by code name
   * (testing and sid images have no {@code VERSION_ID}); Alpine by {@code vMAJOR.MINOR}, or {@code edge} for
   * pre-release ids such as {@code 3.19_alpha20230901}; Wolfi and Chainguard as {@code rolling}; any other
   * distribution as {@code id:VERSION_ID}.
   *
   * @return empty when the distribution does not say which release it is
   */
  public static Optional<ReleaseKey> of(Distribution d) {
    String id = d.id().toLowerCase(Locale.ROOT);
    String versionId = d.versionId().toLowerCase(Locale.ROOT);
    switch (id) {
      case "debian" -> {
        Matcher m = DEBIAN_VERSION.matcher(versionId);
        if (m.matches()) {
          return Optional.of(new ReleaseKey("debian", m.group(1)));
        }
        return d.versionCodename().isEmpty() ? Optional.empty() : debianCodename(d.versionCodename());
      }
      case "alpine" -> {
        if (versionId.contains("_")) {
          return Optional.of(new ReleaseKey("alpine", "edge"));
        }
        Matcher m = ALPINE_VERSION.matcher(versionId);
        return m.matches()
            ? Optional.of(new ReleaseKey("alpine", "v" + m.group(1) + "." + m.group(2)))
            : Optional.empty();
      }
      case "wolfi", "chainguard" -> {
        return Optional.of(new ReleaseKey(id, "rolling"));
      }
      default -> {
        return PART.matcher(versionId).matches() && PART.matcher(id).matches()
            ? Optional.of(new ReleaseKey(id, versionId))
            : Optional.empty();
      }
    }
  }

  /** {@code distro:version}. */
  @Override
  public String toString() {
    return distro + ":" + version;
  }
}
