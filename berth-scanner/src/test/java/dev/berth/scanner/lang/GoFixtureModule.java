package dev.berth.scanner.lang;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Go main module the test writes, with three dependencies: {@code example.com/alpha v1.2.3} plainly,
 * {@code example.com/beta v0.1.0} replaced by the module {@code example.com/betafork v0.2.0}, and
 * {@code example.com/gamma v1.0.0} replaced by a local directory. Dependencies come from a GOPROXY on the file
 * system, so building needs no network.
 */
final class GoFixtureModule {
  private final Path root;

  private GoFixtureModule(Path root) {
    this.root = root;
  }

  static GoFixtureModule write(Path dir) {
    try {
      Path root = dir.resolve("gomod");
      Path proxy = root.resolve("proxy");
      publish(proxy, "example.com/alpha", "v1.2.3", "example.com/alpha", "alpha");
      publish(proxy, "example.com/betafork", "v0.2.0", "example.com/beta", "beta");
      Path src = root.resolve("src");
      write(src.resolve("gamma/go.mod"), "module example.com/gamma\n\ngo 1.19\n");
      write(src.resolve("gamma/gamma.go"), "package gamma\n\nfunc Name() string { return \"gamma\" }\n");
      write(src.resolve("go.mod"), """
          module example.com/berthfixture

          go 1.19

          require (
          \texample.com/alpha v1.2.3
          \texample.com/beta v0.1.0
          \texample.com/gamma v1.0.0
          )

          replace example.com/beta v0.1.0 => example.com/betafork v0.2.0

          replace example.com/gamma => ./gamma
          """);
      write(src.resolve("main.go"), """
          package main

          import (
          \t"fmt"

          \t"example.com/alpha"
          \t"example.com/beta"
          \t"example.com/gamma"
          )

          func main() { fmt.Println(alpha.Name(), beta.Name(), gamma.Name()) }
          """);
      return new GoFixtureModule(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds the module to {@code out} with extra environment (GOARCH…) and extra build flags. */
  Path build(Path go, Path out, Map<String, String> env, String... flags) {
    Map<String, String> all = new HashMap<>(Map.of(
        "GOPROXY", root.resolve("proxy").toUri().toString(),
        "GOSUMDB", "off",
        "GOFLAGS", "-mod=mod -modcacherw",
        "GOPATH", root.resolve("gopath").toString(),
        "CGO_ENABLED", "0",
        "GOOS", "linux"));
    all.putAll(env);
    List<String> cmd = new ArrayList<>(List.of(go.toString(), "build", "-trimpath"));
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-o", out.toString(), "."));
    MachineTools.run(cmd, all, root.resolve("src"));
    return out;
  }

  /** The toolchain's version as the finder should report it, from {@code go env GOVERSION}: go1.19.8 → v1.19.8. */
  String stdlibVersion(Path go) {
    return "v" + MachineTools.run(go.toString(), "env", "GOVERSION").strip().substring(2);
  }

  // A module in the GOPROXY protocol's layout: list, .info, .mod, .zip.
  private static void publish(Path proxy, String path, String version, String declared, String pkg)
      throws IOException {
    Path v = proxy.resolve(path).resolve("@v");
    String goMod = "module " + declared + "\n\ngo 1.19\n";
    String source = "package " + pkg + "\n\nfunc Name() string { return \"" + path + " " + version + "\" }\n";
    write(v.resolve("list"), version + "\n");
    write(v.resolve(version + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2023-01-02T03:04:05Z\"}");
    write(v.resolve(version + ".mod"), goMod);
    try (OutputStream file = Files.newOutputStream(v.resolve(version + ".zip"));
        var zip = new ZipOutputStream(file)) {
      String prefix = path + "@" + version + "/";
      zip.putNextEntry(new ZipEntry(prefix + "go.mod"));
      zip.write(goMod.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry(prefix + pkg + ".go"));
      zip.write(source.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
