package dev.berth.scanner.lang;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.FindingSink;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Finds the Go modules compiled into Go executables, from the build information the Go linker embeds (what
 * {@code go version -m} prints). Reports the main module and each dependency with replacements applied, and the
 * toolchain as the module {@code stdlib} ({@code go1.19.8} gives {@code v1.19.8}); see {@code GoModules} for the
 * exact rule.
 *
 * <p>Reads ELF executables of any class and byte order, with either form of build information (go1.13–1.17
 * pointers, go1.18+ inline strings), from a stream in one pass, bounded in memory. A file that is not ELF costs
 * 4 bytes; a truncated or malformed one reports nothing.
 */
public final class GoBinaryFinder implements PackageFinder {

  /** Creates the finder; it holds no state. */
  public GoBinaryFinder() {}

  @Override
  public String name() {
    return "go";
  }

  /** Wants every file with an execute bit; the content decides (ELF magic, then the build information). */
  @Override
  public boolean wants(LayerEntry entry) {
    return entry.executable();
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    Optional<GoBuildInfo> info = new GoBuildInfoReader(content, limits, entry.path()).read();
    if (info.isEmpty()) {
      return;
    }
    String path = entry.path();
    GoModules.stdlibVersion(info.get().goVersion())
        .ifPresent(v -> sink.addPackage(InstalledPackage.of("stdlib", v, Ecosystem.GO, path)));
    for (GoModules.Module m : GoModules.modules(info.get().modInfo())) {
      sink.addPackage(InstalledPackage.of(m.path(), m.version(), Ecosystem.GO, path));
    }
  }
}
