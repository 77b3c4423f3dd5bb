package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.PackageFinder;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** Runs this machine's own tools as oracles, and feeds this machine's files to finders as layer entries. */
final class MachineTools {
  private MachineTools() {}

  /** The executable on PATH (or at an absolute path), if present. */
  static Optional<Path> which(String tool) {
    if (tool.startsWith("/")) {
      Path p = Path.of(tool);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Skips the test, saying why, when the tool is missing. */
  static Path require(String tool) {
    Optional<Path> p = which(tool);
    Assertions.assertTrue(p.isPresent(), tool + " is not installed: install it (.ci/run does)");
    return p.get();
  }

  /** Runs a command and returns its standard output; fails the test on a non-zero exit. */
  static String run(List<String> command, Map<String, String> env, Path dir) {
    try {
      var pb = new ProcessBuilder(command).redirectErrorStream(false);
      pb.environment().putAll(env);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Path err = Files.createTempFile("berth-oracle", ".err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
      String stderr = Files.readString(err);
      Files.delete(err);
      assertThat(p.exitValue()).as("%s exit status; stderr: %s", command, stderr).isZero();
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String run(String... command) {
    return run(List.of(command), Map.of(), null);
  }

  /** The layer entry a file of this machine would be in an image of it: root-relative path, size, mode. */
  static LayerEntry entryFor(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      int mode = 0;
      for (PosixFilePermission perm : perms) {
        mode |= 1 << (8 - perm.ordinal());
      }
      String path = file.toAbsolutePath().normalize().toString().substring(1);
      return new LayerEntry(path, Files.size(file), mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds one file of this machine to a finder, as the walker would, and returns what it reports. */
  static List<InstalledPackage> find(PackageFinder finder, Path file) {
    LayerEntry entry = entryFor(file);
    var sink = new CollectingSink();
    try (InputStream in = Files.newInputStream(file)) {
      finder.find(entry, in, ScanLimits.defaults(), sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.packages;
  }
}
