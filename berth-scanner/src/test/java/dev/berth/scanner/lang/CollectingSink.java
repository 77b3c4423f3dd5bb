package dev.berth.scanner.lang;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it is given, for assertions. */
final class CollectingSink implements FindingSink {
  final List<InstalledPackage> packages = new ArrayList<>();
  final List<Distribution> distributions = new ArrayList<>();

  @Override
  public void addPackage(InstalledPackage pkg) {
    packages.add(pkg);
  }

  @Override
  public void addDistribution(String path, Distribution distribution) {
    distributions.add(distribution);
  }
}
