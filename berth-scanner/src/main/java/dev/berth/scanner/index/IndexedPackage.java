package dev.berth.scanner.index;

import dev.berth.scanner.InstalledPackage;
import java.util.Objects;

/**
 * A package of an image with the layer that introduced it.
 *
 * @param pkg the package
 * @param introducedIn the digest of the lowest layer from which this exact package (same file, name, version,
 *     source and architecture) has been present without interruption
 */
public record IndexedPackage(InstalledPackage pkg, String introducedIn) {
  public IndexedPackage {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(introducedIn, "introducedIn");
  }
}
