package dev.berth.server.e2e;

import dev.berth.server.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * podman as root on vfs storage in a private root and run root, with its own credentials file
 * ({@code REGISTRY_AUTH_FILE}): nothing of the machine's own containers, images or logins is read or touched.
 * Closing it deletes its storage.
 */
final class Podman implements AutoCloseable {
  // podman refuses a run root longer than 50 characters ("the specified runroot is longer than 50 characters"),
  // so the storage lives in a short directory directly under /tmp rather than in a JUnit temporary directory.
  private static final Path SHORT_TMP = Path.of("/tmp");

  private final Path dir;

  private Podman(Path dir) {
    this.dir = dir;
  }

  /** A podman with fresh storage and no credentials. */
  static Podman create() throws IOException {
    Path dir = Files.createTempDirectory(SHORT_TMP, "podman-");
    Files.createDirectories(dir.resolve("tmp"));
    // podman (4.3) refuses to run when REGISTRY_AUTH_FILE names a file that does not exist.
    Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
    return new Podman(dir);
  }

  /** The credentials file {@code podman login} writes. */
  Path authFile() {
    return dir.resolve("auth.json");
  }

  /** Runs {@code podman ARGS} and fails (with its output) unless it exits 0. */
  ExternalCommand.Result run(String... args) {
    return command(args).run();
  }

  /** Runs {@code podman ARGS} and returns what it did, failure included. */
  ExternalCommand.Result attempt(String... args) {
    return command(args).runAllowingFailure();
  }

  /** {@code podman login REGISTRY -u USER --password-stdin [OPTIONS]}, the secret on standard input. */
  ExternalCommand.Result login(String registry, String user, String secret, String... options) {
    List<String> args = new ArrayList<>(List.of("login", registry, "--username", user, "--password-stdin"));
    args.addAll(List.of(options));
    return command(args.toArray(String[]::new)).stdin(secret + "\n").runAllowingFailure();
  }

  /** The id of the image named {@code image} in this storage. */
  String imageId(String image) {
    return lastLine(run("image", "inspect", "--format", "{{.Id}}", image).stdout());
  }

  private ExternalCommand command(String... args) {
    List<String> all = new ArrayList<>(List.of("--storage-driver", "vfs",
        "--root", dir.resolve("root").toString(), "--runroot", dir.resolve("run").toString(),
        "--tmpdir", dir.resolve("tmp").toString(), "--events-backend", "none", "--cgroup-manager", "cgroupfs"));
    all.addAll(List.of(args));
    return ExternalCommand.of("podman", all.toArray(String[]::new)).env("TMPDIR", dir.resolve("tmp").toString())
        .env("REGISTRY_AUTH_FILE", authFile().toString());
  }

  @Override
  public void close() throws IOException {
    TestRegistry.deleteTree(dir);
  }

  static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1].strip();
  }
}
