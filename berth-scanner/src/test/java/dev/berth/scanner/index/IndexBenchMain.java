package dev.berth.scanner.index;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.berth.scanner.layer.LayerIndex;
import dev.berth.scanner.layer.ScanLimits;
import dev.berth.scanner.os.OsFinders;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The benchmark behind {@code bench/scanner-index.sh}: indexes one image of an OCI layout with the OS finders,
 * without a cache, and prints throughput and heap figures.
 *
 * <p>Usage: {@code IndexBenchMain LAYOUT_DIR [TAG] [PASSES]}. Each pass reads every layer once from disk (with
 * digest verification, as in production) and reports wall-clock and process CPU time (all JVM threads). Heap is reported three ways: the highest heap use sampled every 5 ms
 * (garbage included), the sum of each heap pool's peak, and the highest heap use left after a collection (the
 * live set).
 */
public final class IndexBenchMain {
  private static final double MB = 1_000_000.0;

  private IndexBenchMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Optional<String> tag = args.length > 1 && !args[1].isEmpty() ? Optional.of(args[1]) : Optional.empty();
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    AtomicLong afterGc = watchCollections();
    AtomicLong sampled = new AtomicLong();
    Thread sampler = sampler(sampled);
    sampler.start();
    OciImage image = OciLayout.open(dir).image(tag);
    for (int pass = 1; pass <= passes; pass++) {
      runPass(pass, image);
    }
    sampler.interrupt();
    sampler.join();
    System.out.printf(Locale.ROOT, "heap: max=%.1fMB peakUsedSampled=%.1fMB sumOfPoolPeaks=%.1fMB "
        + "maxUsedAfterGc=%.1fMB%n", Runtime.getRuntime().maxMemory() / MB, sampled.get() / MB,
        sumOfPoolPeaks() / MB, afterGc.get() / MB);
  }

  private static void runPass(int pass, OciImage image) throws IOException {
    AtomicLong compressed = new AtomicLong();
    List<LayerSource> counted = new ArrayList<>();
    for (LayerSource layer : image.layers()) {
      counted.add(LayerSource.of(layer.digest(), layer.mediaType(), () -> counting(layer.open(), compressed)));
    }
    ImageIndexer indexer = new ImageIndexer(OsFinders.all(), ScanLimits.defaults(), LayerIndexCache.none());
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<LayerIndex> layers = new ArrayList<>();
    for (LayerSource layer : counted) {
      layers.add(indexer.indexLayer(layer));
    }
    IndexReport report = ImageIndexer.merge(image.manifestDigest(), layers);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    long decompressed = layers.stream().mapToLong(LayerIndex::decompressedBytes).sum();
    long entries = layers.stream().mapToLong(LayerIndex::entryCount).sum();
    System.out.printf(Locale.ROOT, "pass %d: layers=%d entries=%d packages=%d distribution=%s%n", pass,
        layers.size(), entries, report.packages().size(),
        report.distribution().map(d -> d.distribution().prettyName()).orElse("none"));
    System.out.printf(Locale.ROOT, "pass %d: compressed=%.1fMB decompressed=%.1fMB seconds=%.3f cpuSeconds=%.3f "
        + "compressedMBps=%.1f decompressedMBps=%.1f%n", pass, compressed.get() / MB, decompressed / MB, seconds,
        cpuSeconds, compressed.get() / MB / seconds, decompressed / MB / seconds);
  }

  private static InputStream counting(InputStream in, AtomicLong count) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count.incrementAndGet();
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count.addAndGet(n);
        }
        return n;
      }
    };
  }

  private static Thread sampler(AtomicLong peak) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    t.setDaemon(true);
    return t;
  }

  private static AtomicLong watchCollections() {
    AtomicLong max = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          return;
        }
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
          used += u.getUsed();
        }
        // the map covers non-heap pools too; subtract them for a heap-only figure
        used -= nonHeapUsed(info);
        max.accumulateAndGet(used, Math::max);
      }, null, null);
    }
    return max;
  }

  private static long nonHeapUsed(GarbageCollectionNotificationInfo info) {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
      if (pool.getType() == MemoryType.NON_HEAP && u != null) {
        used += u.getUsed();
      }
    }
    return used;
  }

  private static long sumOfPoolPeaks() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
