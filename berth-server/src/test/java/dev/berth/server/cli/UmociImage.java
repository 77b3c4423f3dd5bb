package dev.berth.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Packs an image into an OCI layout with umoci, one layer per {@link #layer} call, reproducibly: the same calls
 * give the same blobs, so reports that name digests can be compared with golden files. To that end the config's
 * {@code created} and every history entry carry a fixed time, and before each repack every file and directory of
 * the rootfs gets a fixed mtime and mode (0644, 0755), whatever the umask. umoci writes deletions as real
 * {@code .wh.} entries.
 */
final class UmociImage {
  static final String CREATED = "2024-01-01T00:00:00Z";
  private static final FileTime MTIME = FileTime.from(Instant.parse(CREATED));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Changes a rootfs: writes and deletes files under it. */
  @FunctionalInterface
  interface Change {
    void apply(Path rootfs) throws IOException;
  }

  private final Path layout;
  private final String tag;
  private final Path bundle;
  private int layers;

  private UmociImage(Path layout, String tag, Path bundle) {
    this.layout = layout;
    this.tag = tag;
    this.bundle = bundle;
  }

  /**
   * Starts an empty image {@code tag} for {@code os/architecture} in {@code layout}, creating the layout if
   * needed; {@code work} holds the unpacked bundle.
   */
  static UmociImage create(Path layout, String tag, String architecture, Path work) throws IOException {
    if (!Files.exists(layout.resolve("index.json"))) {
      umoci("init", "--layout", layout.toString());
    }
    String image = layout + ":" + tag;
    umoci("new", "--image", image);
    umoci("config", "--image", image, "--created", CREATED, "--os", "linux", "--architecture", architecture,
        "--no-history");
    Path bundle = work.resolve("bundle-" + tag);
    umoci("unpack", "--image", image, bundle.toString());
    return new UmociImage(layout, tag, bundle);
  }

  /** Applies {@code change} to the rootfs and packs the difference as the next layer. */
  UmociImage layer(Change change) throws IOException {
    Path rootfs = bundle.resolve("rootfs");
    change.apply(rootfs);
    normalise(rootfs);
    layers++;
    umoci("repack", "--image", layout + ":" + tag, "--refresh-bundle", "--history.created", CREATED,
        "--history.created_by", "berth test layer " + layers, bundle.toString());
    return this;
  }

  /** The layout directory. */
  Path layout() {
    return layout;
  }

  /** {@code LAYOUT:TAG}, as {@code berth scan} takes it. */
  String reference() {
    return layout + ":" + tag;
  }

  /** The digest of this tag's manifest, from {@code index.json}. */
  String manifestDigest() throws IOException {
    for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
      if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
        return m.path("digest").asText();
      }
    }
    throw new AssertionError("no " + tag + " in " + layout);
  }

  /** The layer digests of this tag's manifest, bottom first. */
  List<String> layerDigests() throws IOException {
    JsonNode manifest = JSON.readTree(blob(manifestDigest()).toFile());
    List<String> out = new ArrayList<>();
    manifest.path("layers").forEach(l -> out.add(l.path("digest").asText()));
    return out;
  }

  /** The file holding a blob of the layout. */
  Path blob(String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', File.separatorChar));
  }

  private static void normalise(Path rootfs) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(rootfs)) {
      all = walk.toList();
    }
    for (Path p : all) {
      boolean dir = Files.isDirectory(p);
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(dir ? "rwxr-xr-x" : "rw-r--r--"));
      Files.setLastModifiedTime(p, MTIME);
    }
  }

  static void umoci(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("umoci"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("umoci is not installed: run .ci/run or apt-get install umoci", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("umoci %s finished", String.join(" ", args)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    assertThat(p.exitValue()).as("umoci %s: %s", String.join(" ", args), out).isZero();
  }
}
