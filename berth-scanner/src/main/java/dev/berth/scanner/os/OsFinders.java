package dev.berth.scanner.os;

import dev.berth.scanner.layer.PackageFinder;
import java.util.List;

/** The operating-system finders: the distribution release, dpkg and apk. */
public final class OsFinders {
  private OsFinders() {}

  /** Every operating-system finder, in the order the walker should ask them; each is stateless. */
  public static List<PackageFinder> all() {
    return List.of(osRelease(), dpkg(), apk());
  }

  /**
   * Reads {@code etc/os-release}, {@code usr/lib/os-release}, {@code etc/lsb-release} and Alpine's
   * {@code etc/issue}; named {@code os-release}.
   */
  public static PackageFinder osRelease() {
    return new OsReleaseFinder();
  }

  /** Reads {@code var/lib/dpkg/status} and {@code var/lib/dpkg/status.d/*}; named {@code dpkg}. */
  public static PackageFinder dpkg() {
    return new DpkgFinder();
  }

  /**
   * Reads {@code lib/apk/db/installed}, and {@code usr/lib/apk/db/installed} where a merged {@code /usr} keeps it;
   * named {@code apk}.
   */
  public static PackageFinder apk() {
    return new ApkFinder();
  }
}
