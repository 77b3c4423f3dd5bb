package dev.berth.scanner.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes OCI image layouts by hand, for cases umoci cannot make (indexes, broken blobs). */
final class LayoutWriter {
  static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String INDEX = "application/vnd.oci.image.index.v1+json";
  static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final ArrayNode manifests = JSON.createArrayNode();

  LayoutWriter(Path dir) {
    this.dir = dir;
  }

  /** Writes a blob and returns its descriptor. */
  ObjectNode blob(String mediaType, byte[] content) {
    String digest = TestLayers.sha256(content);
    try {
      Path file = dir.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest);
    d.put("size", content.length);
    return d;
  }

  /** Writes an image manifest over the given layer descriptors, with an empty config. */
  ObjectNode manifest(ObjectNode... layers) {
    return manifest("{}", layers);
  }

  /** Writes an image manifest with the config {@code config} over the given layer descriptors. */
  ObjectNode manifest(String config, ObjectNode... layers) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MANIFEST);
    m.set("config", blob("application/vnd.oci.image.config.v1+json", config.getBytes(StandardCharsets.UTF_8)));
    ArrayNode array = m.putArray("layers");
    for (ObjectNode layer : layers) {
      array.add(layer);
    }
    return blob(MANIFEST, bytes(m));
  }

  /** Writes an image index over {@code os/arch} → manifest descriptor pairs. */
  ObjectNode index(Object... platformAndManifest) {
    ObjectNode idx = JSON.createObjectNode();
    idx.put("schemaVersion", 2);
    idx.put("mediaType", INDEX);
    ArrayNode array = idx.putArray("manifests");
    for (int i = 0; i < platformAndManifest.length; i += 2) {
      String[] p = ((String) platformAndManifest[i]).split("/");
      ObjectNode d = ((ObjectNode) platformAndManifest[i + 1]).deepCopy();
      ObjectNode platform = d.putObject("platform");
      platform.put("os", p[0]);
      platform.put("architecture", p[1]);
      if (p.length > 2) {
        platform.put("variant", p[2]);
      }
      array.add(d);
    }
    return blob(INDEX, bytes(idx));
  }

  /** Lists a descriptor in {@code index.json}, tagged when {@code tag} is not null. */
  LayoutWriter tag(ObjectNode descriptor, String tag) {
    ObjectNode d = descriptor.deepCopy();
    if (tag != null) {
      d.putObject("annotations").put(OciLayout.REF_NAME, tag);
    }
    manifests.add(d);
    return this;
  }

  Path write() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.set("manifests", manifests);
    Files.write(dir.resolve("index.json"), bytes(index));
    return dir;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
