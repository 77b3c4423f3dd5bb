package dev.berth.scanner.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves that the walker streams: a child JVM with a 64 MiB heap walks a layer that decompresses to several
 * times that (100k entries, two 96 MiB files and a 64 MiB file three archives deep). Buffering any large file,
 * the nested archive or the layer whole would end the child with OutOfMemoryError.
 */
class LayerWalkerMemoryTest {
  private static final long HEAP = 64L << 20;

  @Test
  void walk_streamsALayerManyTimesLargerThanTheHeap() throws Exception {
    Map<String, Long> seen = runProbe();

    assertThat(seen.get("maxHeap")).isLessThanOrEqualTo(HEAP);
    assertThat(seen.get("entries")).isEqualTo(MemoryProbe.ENTRIES + 3);
    assertThat(seen.get("decompressed")).isGreaterThan(5 * HEAP);
    assertThat(seen.get("drained")).isEqualTo(2 * MemoryProbe.BIG);
    assertThat(seen.get("nestedDepth")).isEqualTo(2);
    assertThat(seen.get("nestedBytes")).isEqualTo(MemoryProbe.NESTED_FILE);
    assertThat(seen.get("packages")).isEqualTo(MemoryProbe.ENTRIES / 1000);
    assertThat(seen.get("peakHeap")).isLessThan(seen.get("decompressed") / 4);
  }

  private static Map<String, Long> runProbe() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // surefire runs tests from a manifest-only jar; it publishes the real class path here
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-Xmx" + (HEAP >> 20) + "m", "-XX:+UseSerialGC",
        "-Dlogback.configurationFile=none", "-cp", classPath, MemoryProbe.class.getName())
        .redirectErrorStream(true).start();
    byte[] output = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("child finished").isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as("child output:%n%s", text).isZero();
    Map<String, Long> values = new HashMap<>();
    String last = List.of(text.strip().split("\n")).getLast();
    for (String pair : last.split(" ")) {
      String[] kv = pair.split("=");
      values.put(kv[0], Long.parseLong(kv[1]));
    }
    return values;
  }
}
