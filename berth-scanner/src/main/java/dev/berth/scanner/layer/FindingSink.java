package dev.berth.scanner.layer;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.InstalledPackage;

/** Where a {@link PackageFinder} reports what it found in one file. Not thread-safe; one per layer walk. */
public interface FindingSink {

  /** Records a package; {@link InstalledPackage#path()} names the file that recorded it. */
  void addPackage(InstalledPackage pkg);

  /**
   * Records the distribution release read from {@code path}.
   *
   * @param path the file that described the release ({@code etc/os-release})
   */
  void addDistribution(String path, Distribution distribution);
}
