package dev.berth.scanner.layer;

import static dev.berth.scanner.layer.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.layer.TarBuilder.Packing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each limit of {@link ScanLimits}, broken on purpose: the walk must end with the limit named. */
class HostileLayerTest {
  private static final String DIGEST = "sha256:" + "2".repeat(64);
  private static final long MIB = 1 << 20;

  private static ScanLimits limits(long maxEntries, int maxPath, long maxDecompressed, long maxFileBytes) {
    return new ScanLimits(maxEntries, maxPath, 4, maxDecompressed, maxFileBytes);
  }

  private static LayerIndex walk(InputStream layer, ScanLimits limits, PackageFinder... finders)
      throws IOException {
    return new LayerWalker(List.of(finders), limits).walk(DIGEST, "", layer);
  }

  private static LimitExceededException limitBreach(InputStream layer, ScanLimits limits,
      PackageFinder... finders) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> walk(layer, limits, finders));
    assertThat(thrown).isInstanceOf(LimitExceededException.class);
    return (LimitExceededException) thrown;
  }

  @ParameterizedTest
  @EnumSource(value = Packing.class, names = {"GZIP", "ZSTD"})
  void decompressionBomb_endsAtMaxDecompressedBytes(Packing packing) {
    byte[] bomb = tar().file("zeros", new byte[(int) (64 * MIB)]).build(packing);
    assertThat(bomb.length).as("the bomb is small").isLessThan((int) MIB);

    LimitExceededException e = limitBreach(new ByteArrayInputStream(bomb),
        limits(1000, 4096, 8 * MIB, 64 * MIB));

    assertThat(e.limit()).isEqualTo("maxDecompressedBytes");
    assertThat(e).hasMessageContaining("maxDecompressedBytes=" + 8 * MIB);
  }

  @Test
  void decompressionBomb_isCaughtEvenWhenTheFinderSwallowsReadErrors() {
    PackageFinder swallowing = new PackageFinder() {
      @Override
      public String name() {
        return "swallowing";
      }

      @Override
      public boolean wants(LayerEntry entry) {
        return true;
      }

      @Override
      public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink) {
        try {
          content.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          // a careless finder treats every read error as a malformed file
        }
      }
    };
    byte[] bomb = tar().file("zeros", new byte[(int) (32 * MIB)]).build(Packing.GZIP);

    LimitExceededException e = limitBreach(new ByteArrayInputStream(bomb),
        limits(1000, 4096, 4 * MIB, 64 * MIB), swallowing);

    assertThat(e.limit()).isEqualTo("maxDecompressedBytes");
  }

  @Test
  void tooManyEntries_endsAtMaxEntries() {
    TarBuilder builder = tar();
    for (int i = 0; i < 101; i++) {
      builder.file("f" + i, "");
    }

    LimitExceededException e = limitBreach(new ByteArrayInputStream(builder.plain()),
        limits(100, 4096, 64 * MIB, 64 * MIB));

    assertThat(e.limit()).isEqualTo("maxEntries");
    assertThat(e).hasMessageContaining("maxEntries=100").hasMessageContaining("entry #101");
  }

  @Test
  void aMillionAndOneEntries_endAtTheDefaultMaxEntries() {
    long count = ScanLimits.defaults().maxEntries() + 1;
    InputStream layer = SyntheticTar.stream(count, i -> SyntheticTar.Spec.file("e" + i, 0));

    LimitExceededException e = limitBreach(layer, ScanLimits.defaults(), new ListFinder());

    assertThat(e.limit()).isEqualTo("maxEntries");
    assertThat(e).hasMessageContaining("maxEntries=1000000");
  }

  @Test
  void tooLongGnuPath_endsAtMaxPathLength() {
    byte[] layer = tar().file("d/" + "x".repeat(5000), "").plain();

    LimitExceededException e = limitBreach(new ByteArrayInputStream(layer), ScanLimits.defaults());

    assertThat(e.limit()).isEqualTo("maxPathLength");
    assertThat(e).hasMessageContaining("maxPathLength=4096");
  }

  @Test
  void tooLongPaxPath_endsAtMaxPathLength() {
    byte[] layer = tar().paxLongNames().file("d/" + "y".repeat(5000), "").plain();

    LimitExceededException e = limitBreach(new ByteArrayInputStream(layer), ScanLimits.defaults());

    assertThat(e.limit()).isEqualTo("maxPathLength");
  }

  @Test
  void pathJustWithinTheLimit_isRead() throws IOException {
    String name = "p/" + "z".repeat(4096 - 2 - 5) + ".pkgs";
    assertThat(name).hasSize(4096);
    ListFinder finder = new ListFinder();

    walk(new ByteArrayInputStream(tar().file(name, "a 1\n").plain()), ScanLimits.defaults(), finder);

    assertThat(finder.handed).containsExactly(name);
  }

  @Test
  void gnuLongNameDeclaringAGigabyte_endsAtMaxPathLengthWithoutReadingIt() {
    byte[] header = rawHeader("././@LongLink", 'L', 1L << 30);

    LimitExceededException e = limitBreach(new ByteArrayInputStream(header), ScanLimits.defaults());

    assertThat(e.limit()).isEqualTo("maxPathLength");
  }

  @Test
  void paxPathDeclaringAGigabyte_endsAtMaxPathLengthWithoutReadingIt() {
    byte[] header = rawHeader("PaxHeaders/x", 'x', 1L << 30);
    byte[] record = "1073741824 path=".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    layer.writeBytes(header);
    layer.writeBytes(record);

    LimitExceededException e = limitBreach(new ByteArrayInputStream(layer.toByteArray()),
        ScanLimits.defaults());

    assertThat(e.limit()).isEqualTo("maxPathLength");
  }

  @Test
  void absoluteAndTraversingNames_neverLeaveTheImageRoot() throws IOException {
    ListFinder finder = new ListFinder();
    byte[] layer = tar().file("/etc/passwd.pkgs", "root 0\n").file("/../../etc/shadow.pkgs", "x 1\n")
        .file("./../outside.pkgs", "y 1\n").symlink("/etc/link.pkgs", "/etc/passwd.pkgs")
        .hardlink("/../hard.pkgs", "/etc/passwd.pkgs").plain();

    LayerIndex index = walk(new ByteArrayInputStream(layer), ScanLimits.defaults(), finder);

    assertThat(finder.handed).containsExactly("etc/passwd.pkgs");
    assertThat(index.seenPaths()).containsExactly("etc/passwd.pkgs", "etc/link.pkgs");
    assertThat(index.hostilePaths()).containsExactly("/../../etc/shadow.pkgs", "./../outside.pkgs", "/../hard.pkgs");
  }

  @Test
  void tooManyRecordedWhiteouts_endAtMaxFileBytes() {
    TarBuilder builder = tar();
    for (int i = 0; i < 2000; i++) {
      builder.whiteout("dir/" + "w".repeat(90) + i);
    }

    LimitExceededException e = limitBreach(new ByteArrayInputStream(builder.plain()),
        limits(1_000_000, 4096, 64 * MIB, 64 * 1024));

    assertThat(e.limit()).isEqualTo("maxFileBytes");
  }

  @Test
  void tooManyReportedPackages_endAtMaxFileBytes() {
    String list = "package-with-a-long-name 1.0.0-1\n".repeat(20_000);

    LimitExceededException e = limitBreach(new ByteArrayInputStream(tar().file("big.pkgs", list).plain()),
        limits(1000, 4096, 64 * MIB, 256 * 1024), new ListFinder());

    assertThat(e.limit()).isEqualTo("maxFileBytes");
  }

  @Test
  void nestedArchivesDeeperThanTheLimit_endAtMaxNestingDepth() {
    InputStream layer = SyntheticTar.stream(1, i -> SyntheticTar.nested("l1.tar", 1,
        j -> SyntheticTar.nested("l2.tar", 1, k -> SyntheticTar.nested("l3.tar", 1,
            m -> SyntheticTar.Spec.file("deep.txt", 10)))));
    // l1.tar in the layer is depth 0, l3.tar depth 2
    ScanLimits depthOne = new ScanLimits(1000, 4096, 1, 64 * MIB, 64 * MIB);

    LimitExceededException e = limitBreach(layer, depthOne, new NestedTarFinder());

    assertThat(e.limit()).isEqualTo("maxNestingDepth");
  }

  @Test
  void nestedArchivesWithinTheLimit_areRead() throws IOException {
    NestedTarFinder finder = new NestedTarFinder();
    InputStream layer = SyntheticTar.stream(1, i -> SyntheticTar.nested("l1.tar", 1,
        j -> SyntheticTar.nested("l2.tar", 1, k -> SyntheticTar.nested("l3.tar", 1,
            m -> SyntheticTar.Spec.file("deep.txt", 10)))));

    walk(layer, new ScanLimits(1000, 4096, 2, 64 * MIB, 64 * MIB), finder);

    assertThat(finder.deepest()).isEqualTo(2);
  }

  /** A bare tar header with a correct checksum, as a hostile writer would craft it. */
  static byte[] rawHeader(String name, char type, long size) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "00000000000");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    return h;
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
