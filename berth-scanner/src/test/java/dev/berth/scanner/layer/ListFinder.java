package dev.berth.scanner.layer;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A finder for walker tests: reads files named {@code *.pkgs} whose lines are {@code name version}, and
 * {@code *.dist} files whose single line is a distribution id. It records what it was handed.
 */
public final class ListFinder implements PackageFinder {
  /** The paths this finder was handed, in order. */
  public final List<String> handed = Collections.synchronizedList(new ArrayList<>());

  @Override
  public String name() {
    return "list";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    return entry.path().endsWith(".pkgs") || entry.path().endsWith(".dist");
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    handed.add(entry.path());
    BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      String[] parts = line.trim().split(" ");
      if (entry.path().endsWith(".dist") && !parts[0].isEmpty()) {
        sink.addDistribution(entry.path(), new Distribution(parts[0], parts.length > 1 ? parts[1] : "", "",
            "", "", ""));
      } else if (parts.length == 2) {
        sink.addPackage(InstalledPackage.of(parts[0], parts[1], Ecosystem.DEBIAN, entry.path()));
      }
    }
  }
}
