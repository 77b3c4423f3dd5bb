package dev.berth.scanner.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A finder for nesting tests: opens {@code *.tar} files as archives and recurses into archives inside them,
 * honouring {@link ScanLimits#maxNestingDepth()} the way the jar finder does for jars in wars in ears (the file
 * in the layer is depth 0). It reads every byte and keeps none.
 */
final class NestedTarFinder implements PackageFinder {
  private final AtomicInteger deepest = new AtomicInteger(-1);
  private final AtomicLong bytesRead = new AtomicLong();

  int deepest() {
    return deepest.get();
  }

  long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public String name() {
    return "nested-tar";
  }

  @Override
  public boolean wants(LayerEntry entry) {
    return entry.path().endsWith(".tar");
  }

  @Override
  public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
      throws IOException {
    read(content, 0, limits);
  }

  private void read(InputStream archive, int depth, ScanLimits limits) throws IOException {
    deepest.accumulateAndGet(depth, Math::max);
    TarReader tar = new TarReader(archive, limits);
    for (Optional<TarReader.TarEntry> e = tar.next(); e.isPresent(); e = tar.next()) {
      if (e.get().name().endsWith(".tar")) {
        if (depth + 1 > limits.maxNestingDepth()) {
          throw new LimitExceededException("maxNestingDepth", limits.maxNestingDepth(), e.get().name());
        }
        read(tar.content(), depth + 1, limits);
      } else {
        bytesRead.addAndGet(tar.content().transferTo(OutputStream.nullOutputStream()));
      }
    }
  }
}
