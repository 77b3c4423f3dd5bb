package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomly damaged inputs (seeded, so a failure repeats): a finder may report less or fail with an
 * {@link IOException}, but never with a runtime exception or an error.
 */
class MutatedInputTest {
  private static final int ROUNDS = 1500;
  private static final ScanLimits LIMITS = new ScanLimits(100_000, 4096, 4, 256L << 20, 16L << 20);

  @Test
  void javaFinder_survivesDamagedNestedArchives() {
    byte[] inner = Zips.zip(Zips.pom("g", "inner", "1"), Zips.deflated("A.class", new byte[300]));
    byte[] war = Zips.zip(Zips.manifest(Map.of("Implementation-Vendor-Id", "g", "Implementation-Version", "1")),
        Zips.stored("WEB-INF/lib/inner.jar", inner), Zips.deflated("WEB-INF/lib/again.jar", inner),
        Zips.pom("g", "war", "2"));
    survives(new JavaArchiveFinder(), "app/x-1.war", war);
  }

  @Test
  void goFinder_survivesDamagedElfFiles() {
    survives(new GoBinaryFinder(), "bin/tool",
        SyntheticGoElf.pointerFormat(true, false, true, "go1.16.15", "path\tx\nmod\tx\tv1.0.0\t\n"));
    survives(new GoBinaryFinder(), "bin/tool32",
        SyntheticGoElf.pointerFormat(false, true, false, "go1.16.15", "path\tx\ndep\ty\tv1.0.0\t\n"));
  }

  @Test
  void npmAndPythonFinders_surviveDamagedText() {
    survives(new NpmFinder(), "node_modules/x/package.json",
        "{\"name\":\"x\",\"version\":\"1.0.0\",\"deps\":{\"a\":[1,2,{\"b\":null}]}}".getBytes(StandardCharsets.UTF_8));
    survives(new PythonFinder(), "x-1.dist-info/METADATA",
        "Metadata-Version: 2.1\nName: x\nVersion: 1\n\nbody\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void survives(PackageFinder finder, String path, byte[] original) {
    var random = new Random(original.length);
    int reported = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] damaged = damage(original, random);
      var sink = new CollectingSink();
      try {
        finder.find(new LayerEntry(path, damaged.length, 0755), new ByteArrayInputStream(damaged), LIMITS, sink);
      } catch (IOException acceptable) {
        // a damaged file may fail as unreadable or over a limit
      } catch (RuntimeException | Error e) {
        throw new AssertionError("round " + round + " of " + finder.name() + " threw " + e, e);
      }
      reported += sink.packages.isEmpty() ? 0 : 1;
    }
    assertThat(reported).as("some damaged copies still report something").isPositive();
  }

  private static byte[] damage(byte[] original, Random random) {
    byte[] b = original.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
          b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
      default -> {
        int at = random.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + random.nextInt(64));
        Arrays.fill(b, at, at + len, (byte) (random.nextBoolean() ? 0xff : 0));
      }
    }
    return b;
  }
}
