package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that only look like Go binaries: each ends quietly, with nothing reported and little read. */
class GoHostileBinaryTest {
  private static final GoBinaryFinder FINDER = new GoBinaryFinder();

  @Test
  void find_executableScript_readsOnlyTheMagicAndReportsNothing() throws IOException {
    byte[] script = ("#!/bin/sh\n" + "echo hello\n".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
    var counting = new CountingInputStream(new ByteArrayInputStream(script));
    var sink = new CollectingSink();

    FINDER.find(new LayerEntry("usr/local/bin/hello", script.length, 0755), counting, ScanLimits.defaults(), sink);

    assertThat(sink.packages).isEmpty();
    assertThat(counting.count).isEqualTo(4);
  }

  @Test
  void wants_executablesOnly() {
    assertThat(FINDER.wants(new LayerEntry("usr/bin/skopeo", 10, 0755))).isTrue();
    assertThat(FINDER.wants(new LayerEntry("usr/bin/tool", 10, 0100))).isTrue();
    assertThat(FINDER.wants(new LayerEntry("usr/lib/libx.so", 10, 0644))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 4, 40, 63, 64, 1000, 65_536, 1 << 20})
  void find_truncatedGoBinary_reportsNothing(int length) throws IOException {
    byte[] head = head(Path.of("/usr/bin/umoci"), length);

    assertThat(findIn(head)).isEmpty();
  }

  @Test
  void find_goBinaryCutInsideItsBuildInfo_reportsNothingAndDoesNotFail() throws IOException {
    Path umoci = Path.of("/usr/bin/umoci");
    Assertions.assertTrue(Files.isReadable(umoci), "umoci is not installed");
    byte[] all = Files.readAllBytes(umoci);
    int magic = indexOf(all, GoBuildInfoReader.MAGIC);
    assertThat(magic).isPositive();

    for (int cut : new int[] {magic + 8, magic + 20, magic + 33, magic + 40}) {
      assertThat(findIn(Arrays.copyOf(all, cut))).as("cut at %d", cut).isEmpty();
    }
    assertThat(findIn(all)).as("the whole binary").isNotEmpty();
  }

  @Test
  void find_elfWithAbsurdProgramHeaders_reportsNothing() throws IOException {
    byte[] elf = SyntheticGoElf.pointerFormat(true, false, true, "go1.16.15", "path\tx\n");
    // e_phoff far beyond the file, e_phnum at its maximum
    java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(32, 1L << 60)
        .putShort(56, (short) 0xffff);

    assertThat(findIn(elf)).isEmpty();
  }

  @Test
  void find_buildInfoWithHugeDeclaredVersionLength_reportsNothing() throws IOException {
    byte[] elf = SyntheticGoElf.pointerFormat(true, false, false, "go1.16.15", "path\tx\n");
    // turn the header into the inline format with a varint length of 2^62
    int at = indexOf(elf, GoBuildInfoReader.MAGIC);
    elf[at + 15] = 2;
    byte[] huge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x40};
    System.arraycopy(huge, 0, elf, at + 32, huge.length);

    assertThat(findIn(elf)).isEmpty();
  }

  @Test
  void find_buildInfoWithHugeDeclaredModuleInfoLength_reportsOnlyTheToolchain() throws IOException {
    byte[] elf = SyntheticGoElf.pointerFormat(true, false, false, "go1.16.15", "path\tx\n");
    int at = indexOf(elf, GoBuildInfoReader.MAGIC);
    elf[at + 15] = 2;
    byte[] inline = {9, 'g', 'o', '1', '.', '2', '0', '.', '1', '4', (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, (byte) 0x80, 0x01};
    System.arraycopy(inline, 0, elf, at + 32, inline.length);

    assertThat(findIn(elf)).extracting(p -> p.name() + "@" + p.version()).containsExactly("stdlib@v1.20.14");
  }

  @Test
  void find_cBinary_reportsNothing() throws IOException {
    Path ls = Path.of("/usr/bin/ls");
    Assertions.assertTrue(Files.isReadable(ls), "no /usr/bin/ls");

    assertThat(MachineTools.find(FINDER, ls)).isEmpty();
  }

  private static java.util.List<dev.berth.scanner.InstalledPackage> findIn(byte[] content) throws IOException {
    var sink = new CollectingSink();
    FINDER.find(new LayerEntry("bin/x", content.length, 0755), new ByteArrayInputStream(content),
        ScanLimits.defaults(), sink);
    return sink.packages;
  }

  private static byte[] head(Path file, int n) throws IOException {
    Assertions.assertTrue(Files.isReadable(file), file + " is not installed");
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }

  private static int indexOf(byte[] b, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= b.length; i += 16) {
      for (int k = 0; k < pattern.length; k++) {
        if (b[i + k] != pattern[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
