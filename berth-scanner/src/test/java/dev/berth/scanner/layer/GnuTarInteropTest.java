package dev.berth.scanner.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.InstalledPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archives written by GNU tar itself, in each of its formats, with long names, links and a sparse file. */
class GnuTarInteropTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"gnu", "pax", "oldgnu"})
  void walk_readsWhatGnuTarWrites(String format) throws Exception {
    Path root = dir.resolve("root");
    String longDir = "d".repeat(120) + "/" + "e".repeat(60);
    Files.createDirectories(root.resolve(longDir));
    Files.writeString(root.resolve(longDir).resolve("deep.pkgs"), "deep 1.0\n");
    Files.writeString(root.resolve("top.pkgs"), "top 2.0\n");
    Files.createSymbolicLink(root.resolve("link.pkgs"), Path.of("top.pkgs"));
    Files.createLink(root.resolve("hard.pkgs"), root.resolve("top.pkgs"));
    writeSparseFile(root.resolve("sparse.bin"));
    Path tarFile = dir.resolve("layer.tar");
    // the sparse file first, so that a misread sparse map would derail everything after it
    Process tar = new ProcessBuilder("tar", "--format=" + format, "--sparse", "-cf", tarFile.toString(), "-C",
        root.toString(), "sparse.bin", "top.pkgs", "link.pkgs", "hard.pkgs", "d" + "d".repeat(119))
        .redirectErrorStream(true).start();
    String out;
    try (InputStream o = tar.getInputStream()) {
      out = new String(o.readAllBytes());
    }
    Assertions.assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar did not finish: GNU tar is needed");
    Assertions.assertTrue(tar.exitValue() == 0, "tar failed: GNU tar is needed: " + out);
    ListFinder finder = new ListFinder();

    LayerIndex index;
    try (InputStream in = Files.newInputStream(tarFile)) {
      index = new LayerWalker(List.of(finder), ScanLimits.defaults()).walk("sha256:x", "", in);
    }

    assertThat(index.packages()).extracting(InstalledPackage::name, InstalledPackage::path).containsExactly(
        org.assertj.core.groups.Tuple.tuple("top", "top.pkgs"),
        org.assertj.core.groups.Tuple.tuple("deep", longDir + "/deep.pkgs"));
    assertThat(index.seenPaths()).containsExactly("top.pkgs", "link.pkgs", "hard.pkgs", longDir + "/deep.pkgs");
  }

  /** Twelve 4 KiB chunks with 1 MiB holes: more holes than an old GNU header can list. */
  private static void writeSparseFile(Path file) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      byte[] chunk = new byte[4096];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 12; i++) {
        f.seek(i * (1L << 20));
        f.write(chunk);
      }
      f.setLength(13L << 20);
    }
  }

}
