package dev.berth.scanner.os;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs one finder over one file, as the walker would, and keeps what it reports. */
final class FinderRun implements FindingSink {
  final List<InstalledPackage> packages = new ArrayList<>();
  final List<Distribution> distributions = new ArrayList<>();

  static FinderRun of(PackageFinder finder, String path, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return of(finder, path, new ByteArrayInputStream(bytes), bytes.length);
  }

  static FinderRun of(PackageFinder finder, String path, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(finder, path, in, Files.size(file));
    }
  }

  private static FinderRun of(PackageFinder finder, String path, InputStream in, long size) throws IOException {
    LayerEntry entry = new LayerEntry(path, size, 0644);
    if (!finder.wants(entry)) {
      throw new AssertionError(finder.name() + " does not want " + path);
    }
    FinderRun run = new FinderRun();
    finder.find(entry, in, ScanLimits.defaults(), run);
    return run;
  }

  @Override
  public void addPackage(InstalledPackage pkg) {
    packages.add(pkg);
  }

  @Override
  public void addDistribution(String path, Distribution distribution) {
    distributions.add(distribution);
  }
}
