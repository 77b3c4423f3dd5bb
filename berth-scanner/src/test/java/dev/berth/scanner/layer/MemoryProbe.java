package dev.berth.scanner.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Run in a child JVM with a small heap by {@link LayerWalkerMemoryTest}: walks a generated gzip layer of
 * {@link #ENTRIES} small entries, two large files and a three-level nested archive, far larger than the child's
 * heap, and prints what it saw. If anything were buffered whole the child would die of OutOfMemoryError.
 */
public final class MemoryProbe {
  static final int ENTRIES = 100_000;
  static final long BIG = 96L << 20;
  static final long NESTED_FILE = 64L << 20;

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    PipedInputStream layer = new PipedInputStream(1 << 16);
    Thread producer = producer(new PipedOutputStream(layer));
    producer.start();
    ListFinder list = new ListFinder();
    NestedTarFinder nested = new NestedTarFinder();
    DrainingFinder draining = new DrainingFinder();
    LayerIndex index;
    try (InputStream in = layer) {
      index = new LayerWalker(List.of(list, nested, draining), ScanLimits.defaults())
          .walk("sha256:" + "9".repeat(64), "application/vnd.oci.image.layer.v1.tar+gzip", in);
    }
    producer.join();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("entries=" + index.entryCount() + " decompressed=" + index.decompressedBytes()
        + " packages=" + index.packages().size() + " nestedDepth=" + nested.deepest() + " nestedBytes="
        + nested.bytesRead() + " drained=" + draining.bytes.get() + " maxHeap="
        + Runtime.getRuntime().maxMemory() + " peakHeap=" + peak);
  }

  /** The layer: small entries (every 1000th a package list), two big files, then the nested archive. */
  private static Thread producer(OutputStream sink) {
    return new Thread(() -> {
      try (OutputStream out = new GZIPOutputStream(sink, 1 << 16)) {
        SyntheticTar.stream(ENTRIES + 3, MemoryProbe::entry).transferTo(out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "layer-producer");
  }

  private static SyntheticTar.Spec entry(long i) {
    if (i < ENTRIES) {
      if (i % 1000 == 0) {
        String list = "pkg" + i + " 1.0\n";
        return new SyntheticTar.Spec("lists/" + i + ".pkgs", list.length(),
            () -> new java.io.ByteArrayInputStream(list.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
      return SyntheticTar.Spec.file("small/" + (i / 1000) + "/f" + i, 1024);
    }
    if (i < ENTRIES + 2) {
      return SyntheticTar.Spec.file("big/blob" + i + ".bin", BIG);
    }
    return SyntheticTar.nested("nest/l1.tar", 1, a -> SyntheticTar.nested("l2.tar", 1,
        b -> SyntheticTar.nested("l3.tar", 1, c -> SyntheticTar.Spec.file("deep.bin", NESTED_FILE))));
  }

  /** Reads every byte of {@code *.bin} files and keeps only the count. */
  private static final class DrainingFinder implements PackageFinder {
    final AtomicLong bytes = new AtomicLong();

    @Override
    public String name() {
      return "draining";
    }

    @Override
    public boolean wants(LayerEntry entry) {
      return entry.path().endsWith(".bin");
    }

    @Override
    public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
        throws IOException {
      bytes.addAndGet(content.transferTo(OutputStream.nullOutputStream()));
    }
  }
}
