package dev.berth.scanner.layer;

import static dev.berth.scanner.layer.TarBuilder.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.TarBuilder.Packing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerWalkerTest {
  private static final String DIGEST = "sha256:" + "1".repeat(64);

  private final ListFinder finder = new ListFinder();

  private LayerIndex walk(byte[] layer) throws IOException {
    return walk(layer, ScanLimits.defaults());
  }

  private LayerIndex walk(byte[] layer, ScanLimits limits) throws IOException {
    return new LayerWalker(List.of(finder), limits).walk(DIGEST, "", new ByteArrayInputStream(layer));
  }

  @ParameterizedTest
  @EnumSource(Packing.class)
  void walk_readsPlainGzipAndZstdLayersAlike(Packing packing) throws IOException {
    byte[] layer = tar().dir("var/lib/").file("var/lib/a.pkgs", "alpha 1.0\nbeta 2.0\n")
        .file("etc/system.dist", "debian 12\n").file("usr/bin/tool", "not wanted").build(packing);

    LayerIndex index = walk(layer);

    assertThat(index.packages()).containsExactly(
        InstalledPackage.of("alpha", "1.0", Ecosystem.DEBIAN, "var/lib/a.pkgs"),
        InstalledPackage.of("beta", "2.0", Ecosystem.DEBIAN, "var/lib/a.pkgs"));
    assertThat(index.distributions()).containsExactly(
        new FoundDistribution("etc/system.dist", new Distribution("debian", "12", "", "", "", "")));
    assertThat(index.seenPaths()).containsExactly("var/lib/a.pkgs", "etc/system.dist");
    assertThat(index.entryCount()).isEqualTo(4);
    assertThat(index.finders()).containsExactly("list");
    assertThat(index.digest()).isEqualTo(DIGEST);
  }

  @ParameterizedTest
  @EnumSource(value = Packing.class, names = {"GZIP", "ZSTD"})
  void walk_readsLayersMadeOfManyCompressedMembers(Packing packing) throws IOException {
    // eStargz and zstd:chunked layers are concatenated gzip members or zstd frames, one or more per file
    byte[] tar = tar().file("a.pkgs", "a 1\n").file("b/c.pkgs", "c 2\n").file("d.pkgs", "d 3\n").plain();
    java.io.ByteArrayOutputStream layer = new java.io.ByteArrayOutputStream();
    for (int off = 0; off < tar.length; off += 700) {
      java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream();
      try (java.io.OutputStream out = TarBuilder.compress(member, packing)) {
        out.write(tar, off, Math.min(700, tar.length - off));
      }
      layer.writeBytes(member.toByteArray());
    }

    LayerIndex index = walk(layer.toByteArray());

    assertThat(index.packages()).extracting(InstalledPackage::name).containsExactly("a", "c", "d");
    assertThat(index.decompressedBytes()).isEqualTo(tar.length);
  }

  @Test
  void walk_trustsMagicBytesOverAMediaTypeThatDisagrees() throws IOException {
    byte[] zstd = tar().file("x.pkgs", "a 1\n").build(Packing.ZSTD);

    LayerIndex index = new LayerWalker(List.of(finder), ScanLimits.defaults())
        .walk(DIGEST, "application/vnd.oci.image.layer.v1.tar+gzip", new ByteArrayInputStream(zstd));

    assertThat(index.packages()).extracting(InstalledPackage::name).containsExactly("a");
  }

  @Test
  void walk_countsDecompressedBytes() throws IOException {
    byte[] plain = tar().file("x.pkgs", "a 1\n").plain();

    LayerIndex index = walk(tar().file("x.pkgs", "a 1\n").build(Packing.GZIP));

    assertThat(index.decompressedBytes()).isEqualTo(plain.length);
  }

  @Test
  void walk_recordsWhiteoutsAndOpaqueDirectories() throws IOException {
    byte[] layer = tar().whiteout("var/lib/dpkg/status").whiteout("top").opaque("var/lib/dpkg/status.d")
        .opaque("").file("etc/.wh..wh.plnk", "").file("etc/.wh..wh.aufs", "").plain();

    LayerIndex index = walk(layer);

    assertThat(index.whiteouts()).containsExactly("var/lib/dpkg/status", "top");
    assertThat(index.opaqueDirs()).containsExactly("var/lib/dpkg/status.d", "");
    assertThat(finder.handed).isEmpty();
  }

  @Test
  void walk_neverHandsAWhiteoutToAFinder() throws IOException {
    LayerIndex index = walk(tar().whiteout("lib/x.pkgs").plain());

    assertThat(finder.handed).isEmpty();
    assertThat(index.whiteouts()).containsExactly("lib/x.pkgs");
  }

  @Test
  void walk_normalisesPathsBeforeFindersSeeThem() throws IOException {
    byte[] layer = tar().file("./etc/a.pkgs", "a 1\n").file("/abs/b.pkgs", "b 1\n")
        .file("x/./y//c.pkgs", "c 1\n").file("x/z/../d.pkgs", "d 1\n").file("./.wh.gone", "")
        .file("/x/.wh.old", "").plain();

    LayerIndex index = walk(layer);

    assertThat(finder.handed).containsExactly("etc/a.pkgs", "abs/b.pkgs", "x/y/c.pkgs", "x/d.pkgs");
    assertThat(index.packages()).extracting(InstalledPackage::path)
        .containsExactly("etc/a.pkgs", "abs/b.pkgs", "x/y/c.pkgs", "x/d.pkgs");
    assertThat(index.whiteouts()).containsExactly("gone", "x/old");
  }

  @Test
  void walk_skipsAndRecordsNamesThatClimbAboveTheRoot() throws IOException {
    byte[] layer = tar().file("../../etc/evil.pkgs", "evil 1\n").file("a/../../b/evil.pkgs", "evil 2\n")
        .file("/../root.pkgs", "evil 3\n").file("ok/../fine.pkgs", "fine 1\n").plain();

    LayerIndex index = walk(layer);

    assertThat(finder.handed).containsExactly("fine.pkgs");
    assertThat(index.packages()).extracting(InstalledPackage::name).containsExactly("fine");
    assertThat(index.hostilePaths())
        .containsExactly("../../etc/evil.pkgs", "a/../../b/evil.pkgs", "/../root.pkgs");
  }

  @Test
  void walk_neverFollowsLinksSoLoopsEndAndLinkedFilesAreNotRead() throws IOException {
    byte[] layer = tar().file("real.pkgs", "real 1\n").symlink("a", "b").symlink("b", "a")
        .symlink("self.pkgs", "self.pkgs").symlink("dot", ".").symlink("up.pkgs", "../../../../etc/passwd")
        .hardlink("hard.pkgs", "hard.pkgs").hardlink("copy.pkgs", "real.pkgs").symlink("loop/x", "../loop")
        .plain();

    LayerIndex index = walk(layer);

    assertThat(finder.handed).containsExactly("real.pkgs");
    assertThat(index.packages()).extracting(InstalledPackage::name).containsExactly("real");
    // links at wanted paths still hide lower layers' copies, so they are recorded as seen
    assertThat(index.seenPaths()).containsExactly("real.pkgs", "self.pkgs", "up.pkgs", "hard.pkgs", "copy.pkgs");
  }

  @Test
  void walk_keepsOnlyTheLastCopyOfAPathInOneLayer() throws IOException {
    byte[] layer = tar().file("x.pkgs", "old 1\n").file("x.pkgs", "new 2\n").file("y.pkgs", "y 1\n")
        .symlink("y.pkgs", "x.pkgs").plain();

    LayerIndex index = walk(layer);

    assertThat(index.packages()).extracting(InstalledPackage::name).containsExactly("new");
  }

  @Test
  void walk_givesEachFileToTheFirstFinderThatWantsIt() throws IOException {
    ListFinder second = new ListFinder();
    byte[] layer = tar().file("x.pkgs", "a 1\n").plain();

    new LayerWalker(List.of(finder, second), ScanLimits.defaults())
        .walk(DIGEST, "", new ByteArrayInputStream(layer));

    assertThat(finder.handed).containsExactly("x.pkgs");
    assertThat(second.handed).isEmpty();
  }

  @Test
  void walk_handsFindersAStreamBoundedToTheEntry() throws IOException {
    List<Long> lengths = new ArrayList<>();
    PackageFinder counting = new CountingFinder(lengths);
    byte[] layer = tar().file("a.bin", new byte[1000]).file("b.bin", new byte[3]).file("c.bin", new byte[0])
        .plain();

    new LayerWalker(List.of(counting), ScanLimits.defaults()).walk(DIGEST, "", new ByteArrayInputStream(layer));

    assertThat(lengths).containsExactly(1000L, 3L, 0L);
  }

  @Test
  void walk_keepsGoingWhenAFinderThrowsOnOneFile() throws IOException {
    PackageFinder broken = new PackageFinder() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public boolean wants(LayerEntry entry) {
        return entry.path().equals("bad.pkgs");
      }

      @Override
      public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink) {
        throw new IllegalStateException("finder bug");
      }
    };
    byte[] layer = tar().file("bad.pkgs", "x 1\n").file("good.pkgs", "g 1\n").plain();

    LayerIndex index = new LayerWalker(List.of(broken, finder), ScanLimits.defaults())
        .walk(DIGEST, "", new ByteArrayInputStream(layer));

    assertThat(index.packages()).extracting(InstalledPackage::name).containsExactly("g");
  }

  @Test
  void walk_readsTheWholeBlobSoAVerifyingStreamSeesItsEnd() throws IOException {
    byte[] gz = tar().file("x.pkgs", "a 1\n").build(Packing.GZIP);
    byte[] withTrailer = java.util.Arrays.copyOf(gz, gz.length + 4096);
    ByteArrayInputStream in = new ByteArrayInputStream(withTrailer);

    new LayerWalker(List.of(finder), ScanLimits.defaults()).walk(DIGEST, "", in);

    assertThat(in.available()).isZero();
  }

  @Test
  void walk_treatsAnEmptyBlobAsAnEmptyLayer() throws IOException {
    LayerIndex index = walk(new byte[0]);

    assertThat(index.packages()).isEmpty();
    assertThat(index.entryCount()).isZero();
  }

  @Test
  void walk_rejectsBytesThatAreNotATarArchive() {
    byte[] text = "this is not a tar archive, just some text that is long enough. ".repeat(20).getBytes();

    assertThatThrownBy(() -> walk(text)).isInstanceOf(IOException.class)
        .isNotInstanceOf(LimitExceededException.class).hasMessageContaining("not a tar archive");
  }

  @Test
  void walk_rejectsATruncatedLayer() {
    byte[] whole = tar().file("x.pkgs", "a 1\n".repeat(1000)).plain();
    byte[] truncated = java.util.Arrays.copyOf(whole, 1500);

    assertThatThrownBy(() -> walk(truncated)).isInstanceOf(IOException.class).hasMessageContaining("truncated");
  }

  @Test
  void layerIndex_roundTripsThroughJson() throws IOException {
    byte[] layer = tar().file("var/a.pkgs", "alpha 1.0\n").file("etc/x.dist", "alpine 3.18\n").whiteout("gone")
        .opaque("opaque/dir").file("../evil", "").symlink("link.pkgs", "x").plain();
    LayerIndex index = walk(layer);

    LayerIndex back = LayerIndex.fromJson(index.toJson());

    assertThat(back).isEqualTo(index);
    assertThat(back.hostilePaths()).containsExactly("../evil");
  }

  /** Reads every byte it is handed and records how many there were. */
  private record CountingFinder(List<Long> lengths) implements PackageFinder {
    @Override
    public String name() {
      return "counting";
    }

    @Override
    public boolean wants(LayerEntry entry) {
      return true;
    }

    @Override
    public void find(LayerEntry entry, InputStream content, ScanLimits limits, FindingSink sink)
        throws IOException {
      long n = content.transferTo(java.io.OutputStream.nullOutputStream());
      assertThat(content.read()).isEqualTo(-1);
      lengths.add(n);
    }
  }
}
