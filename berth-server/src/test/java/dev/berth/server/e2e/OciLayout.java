package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.server.testing.TestRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * An OCI image layout on disk (image-spec {@code image-layout.md}), built with umoci and read back for
 * comparisons. umoci makes single-platform images; it cannot make an index, so {@link #writeIndex} writes the index
 * blob and its {@code index.json} entry itself.
 */
final class OciLayout {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A content descriptor as it appears in a manifest or {@code index.json}. */
  record Desc(String mediaType, String digest, long size) {
    static Desc of(JsonNode node) {
      return new Desc(node.path("mediaType").asText(), node.path("digest").asText(), node.path("size").asLong());
    }
  }

  private final Path dir;

  private OciLayout(Path dir) {
    this.dir = dir;
  }

  /** A new, empty layout made by {@code umoci init}. */
  static OciLayout init(Path dir) {
    ExternalCommand.of("umoci", "init", "--layout", dir.toString()).run();
    return new OciLayout(dir);
  }

  /** A layout that already exists (or that skopeo will write). */
  static OciLayout at(Path dir) {
    return new OciLayout(dir);
  }

  Path dir() {
    return dir;
  }

  /** {@code oci:<dir>:<tag>}, the containers-image name of a tagged image in this layout. */
  String ref(String tag) {
    return "oci:" + dir + ":" + tag;
  }

  /**
   * Builds a new image under {@code tag} with {@code layers} layers, each adding one file of {@code bytesPerLayer}
   * random bytes, by unpacking the image once and repacking after each file.
   */
  Desc buildImage(String tag, int layers, int bytesPerLayer) throws IOException {
    umoci("new", "--image", image(tag));
    addLayers(tag, layers, bytesPerLayer);
    return descriptor(tag);
  }

  /** Adds layers of random files to the image under {@code tag}. */
  void addLayers(String tag, int layers, int bytesPerLayer) throws IOException {
    Path bundle = Files.createTempDirectory(dir.getParent(), "bundle-").resolve("b");
    try {
      umoci("unpack", "--rootless", "--image", image(tag), bundle.toString());
      for (int i = 0; i < layers; i++) {
        writeRandomFile(bundle.resolve("rootfs").resolve("data-" + System.nanoTime() + ".bin"), bytesPerLayer);
        umoci("repack", "--refresh-bundle", "--image", image(tag), bundle.toString());
      }
    } finally {
      TestRegistry.deleteTree(bundle.getParent());
    }
  }

  /** Copies the image under {@code tag} to {@code newTag} with another architecture in its configuration. */
  Desc retarget(String tag, String newTag, String architecture) throws IOException {
    umoci("config", "--image", image(tag), "--tag", newTag, "--architecture", architecture);
    return descriptor(newTag);
  }

  /** Writes an OCI index of the images under {@code childTags}, each with its platform, and tags it. */
  Desc writeIndex(String tag, List<String> childTags) throws IOException {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (String child : childTags) {
      Desc d = descriptor(child);
      JsonNode config = json(manifest(child).path("config").path("digest").asText());
      ObjectNode entry = manifests.addObject();
      entry.put("mediaType", d.mediaType()).put("digest", d.digest()).put("size", d.size());
      entry.putObject("platform").put("architecture", config.path("architecture").asText())
          .put("os", config.path("os").asText());
    }
    return tagBlob(tag, MediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
  }

  /**
   * Writes an OCI artifact (image-spec 1.1): the empty config, one layer of {@code payload} with {@code layerType},
   * {@code artifactType}, and optionally a {@code subject}.
   */
  Desc writeArtifact(String tag, String artifactType, String layerType, byte[] payload, Optional<Desc> subject)
      throws IOException {
    Desc config = writeBlob(MediaTypes.OCI_EMPTY, "{}".getBytes());
    Desc layer = writeBlob(layerType, payload);
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MediaTypes.OCI_MANIFEST);
    m.put("artifactType", artifactType);
    m.set("config", JSON.valueToTree(config));
    m.putArray("layers").add(JSON.valueToTree(layer));
    subject.ifPresent(s -> m.set("subject", JSON.valueToTree(s)));
    return tagBlob(tag, MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(m));
  }

  /** The descriptor {@code index.json} holds for {@code tag}. */
  Desc descriptor(String tag) throws IOException {
    for (JsonNode m : JSON.readTree(dir.resolve("index.json").toFile()).path("manifests")) {
      if (tag.equals(m.path("annotations").path(REF_NAME).asText())) {
        return Desc.of(m);
      }
    }
    throw new AssertionError("no image tagged " + tag + " in " + dir.resolve("index.json"));
  }

  JsonNode manifest(String tag) throws IOException {
    return json(descriptor(tag).digest());
  }

  List<String> layerDigests(String tag) throws IOException {
    List<String> digests = new ArrayList<>();
    manifest(tag).path("layers").forEach(l -> digests.add(l.path("digest").asText()));
    return digests;
  }

  String configDigest(String tag) throws IOException {
    return manifest(tag).path("config").path("digest").asText();
  }

  Path blobPath(String digest) {
    Digest d = Digest.parse(digest);
    return dir.resolve("blobs").resolve(d.algorithm().id()).resolve(d.encoded());
  }

  byte[] blob(String digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  JsonNode json(String digest) throws IOException {
    return JSON.readTree(blob(digest));
  }

  /** Asserts that every blob in the layout hashes to its name (that nothing arrived damaged). */
  void assertBlobsIntact() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("blobs").resolve("sha256"))) {
      for (Path f : files.toList()) {
        assertThat(Digest.sha256(Files.readAllBytes(f)).encoded()).as("blob %s", f).isEqualTo(
            f.getFileName().toString());
      }
    }
  }

  /** Stores {@code content} as a blob and returns its descriptor. */
  Desc writeBlob(String mediaType, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    Path target = blobPath(d.value());
    Files.createDirectories(target.getParent());
    Files.write(target, content);
    return new Desc(mediaType, d.value(), content.length);
  }

  private Desc tagBlob(String tag, String mediaType, byte[] content) throws IOException {
    Desc d = writeBlob(mediaType, content);
    ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
    ArrayNode manifests = (ArrayNode) index.path("manifests");
    for (int i = manifests.size() - 1; i >= 0; i--) {
      if (tag.equals(manifests.get(i).path("annotations").path(REF_NAME).asText())) {
        manifests.remove(i);
      }
    }
    ObjectNode entry = manifests.addObject();
    entry.put("mediaType", d.mediaType()).put("digest", d.digest()).put("size", d.size());
    entry.putObject("annotations").put(REF_NAME, tag);
    Path tmp = dir.resolve("index.json.tmp");
    Files.write(tmp, JSON.writeValueAsBytes(index));
    Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return d;
  }

  private String image(String tag) {
    return dir + ":" + tag;
  }

  private static void umoci(String... args) {
    ExternalCommand.of("umoci", args).run();
  }

  static void writeRandomFile(Path file, long size) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        ThreadLocalRandom.current().nextBytes(buffer);
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
