package dev.berth.scanner.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an OCI image layout directory (image-layout.md: {@code oci-layout}, {@code index.json},
 * {@code blobs/<alg>/<hex>}) as written by umoci, skopeo ({@code oci:DIR:TAG}) or buildah. Every blob read is
 * checked against its digest and size while it streams.
 */
public final class OciLayout {
  /** The annotation that names a manifest in {@code index.json} (annotations.md). */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** Manifests and indexes are small; a bigger one is not a manifest (the registry's own cap is 4 MiB). */
  private static final int MAX_JSON_BYTES = 4 << 20;
  private static final int MAX_INDEX_DEPTH = 4;
  private static final Set<String> INDEX_TYPES = Set.of("application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.list.v2+json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final JsonNode index;

  private OciLayout(Path dir, JsonNode index) {
    this.dir = dir;
    this.index = index;
  }

  /**
   * Opens a layout directory.
   *
   * @throws IOException if {@code oci-layout} or {@code index.json} is missing or malformed; a message that
   *     names {@code dir} when it is no layout at all
   */
  public static OciLayout open(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
      throw new IOException(dir + " is not an OCI image layout: "
          + (Files.isDirectory(dir) ? "it has no oci-layout file" : "no such directory"));
    }
    JsonNode layout = readJson(dir.resolve("oci-layout"));
    if (!layout.path("imageLayoutVersion").isTextual()) {
      throw new IOException(dir + " is not an OCI image layout: oci-layout has no imageLayoutVersion");
    }
    JsonNode index = readJson(dir.resolve("index.json"));
    if (!index.path("manifests").isArray()) {
      throw new IOException(dir + "/index.json has no manifests");
    }
    return new OciLayout(dir, index);
  }

  /** The names ({@value #REF_NAME}) of the manifests in {@code index.json}, in order. */
  public List<String> tags() {
    List<String> tags = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      String name = m.path("annotations").path(REF_NAME).asText("");
      if (!name.isEmpty()) {
        tags.add(name);
      }
    }
    return tags;
  }

  /** The image for {@code tag} (or the only manifest when empty) on linux/amd64. */
  public OciImage image(Optional<String> tag) throws IOException {
    return image(tag, Platform.LINUX_AMD64);
  }

  /**
   * Picks a manifest from {@code index.json} by tag, follows image indexes to {@code platform}, and returns its
   * layers and the platform its config names. A single image is returned whatever its platform: the caller
   * compares {@link OciImage#platform()} with {@code platform} if it cares.
   *
   * @param tag the {@value #REF_NAME} to pick; when empty the layout must hold exactly one manifest
   * @param platform the platform to pick in an image index
   * @throws IOException if the tag or platform is not there, a blob is missing or fails its digest, or the
   *     manifest is not an image
   */
  public OciImage image(Optional<String> tag, Platform platform) throws IOException {
    JsonNode descriptor = pick(tag);
    for (int depth = 0; ; depth++) {
      if (depth > MAX_INDEX_DEPTH) {
        throw new IOException("image indexes nest deeper than " + MAX_INDEX_DEPTH);
      }
      BlobDigest digest = BlobDigest.parse(descriptor.path("digest").asText(null));
      JsonNode blob = readBlobJson(digest, descriptor.path("size").asLong(-1));
      if (!isIndex(descriptor, blob)) {
        return new OciImage(digest.toString(), layers(digest, blob), configPlatform(blob));
      }
      descriptor = forPlatform(digest, blob, platform);
    }
  }

  private JsonNode pick(Optional<String> tag) throws IOException {
    JsonNode manifests = index.path("manifests");
    if (tag.isPresent()) {
      for (JsonNode m : manifests) {
        if (tag.get().equals(m.path("annotations").path(REF_NAME).asText(""))) {
          return m;
        }
      }
      throw new IOException("no manifest tagged '" + tag.get() + "' in " + dir + "; tags: " + tags());
    }
    if (manifests.size() != 1) {
      throw new IOException(dir + " holds " + manifests.size() + " manifests; name one of " + tags());
    }
    return manifests.get(0);
  }

  private static boolean isIndex(JsonNode descriptor, JsonNode blob) {
    String type = descriptor.path("mediaType").asText(blob.path("mediaType").asText(""));
    return INDEX_TYPES.contains(type) || (type.isEmpty() && blob.has("manifests") && !blob.has("layers"));
  }

  private static JsonNode forPlatform(BlobDigest indexDigest, JsonNode blob, Platform platform)
      throws IOException {
    List<String> available = new ArrayList<>();
    for (JsonNode m : blob.path("manifests")) {
      JsonNode p = m.path("platform");
      String os = p.path("os").asText("");
      String arch = p.path("architecture").asText("");
      String variant = p.path("variant").asText("");
      if (platform.matches(os, arch, variant)) {
        return m;
      }
      available.add(os + "/" + arch + (variant.isEmpty() ? "" : "/" + variant));
    }
    throw new IOException("index " + indexDigest + " has no " + platform + " manifest; it has " + available);
  }

  private List<LayerSource> layers(BlobDigest manifestDigest, JsonNode manifest) throws IOException {
    if (!manifest.path("layers").isArray()) {
      throw new IOException("manifest " + manifestDigest + " has no layers array");
    }
    List<LayerSource> layers = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      String mediaType = layer.path("mediaType").asText("");
      if (!mediaType.contains("tar")) {
        throw new IOException("manifest " + manifestDigest + " is not an image: layer media type " + mediaType);
      }
      BlobDigest digest = BlobDigest.parse(layer.path("digest").asText(null));
      long size = layer.path("size").asLong(-1);
      Path path = digest.blobPath(dir);
      layers.add(LayerSource.of(digest.toString(), mediaType,
          () -> new VerifyingInputStream(Files.newInputStream(path), digest, size)));
    }
    return layers;
  }

  /** The platform the manifest's config names; empty when the layout lacks the config or it does not say. */
  private Optional<Platform> configPlatform(JsonNode manifest) throws IOException {
    String digestText = manifest.path("config").path("digest").asText("");
    if (digestText.isEmpty()) {
      return Optional.empty();
    }
    BlobDigest digest = BlobDigest.parse(digestText);
    if (!Files.isRegularFile(digest.blobPath(dir))) {
      return Optional.empty();
    }
    JsonNode config = readBlobJson(digest, manifest.path("config").path("size").asLong(-1));
    String os = config.path("os").asText("");
    String architecture = config.path("architecture").asText("");
    return os.isBlank() || architecture.isBlank()
        ? Optional.empty()
        : Optional.of(new Platform(os, architecture, config.path("variant").asText("")));
  }

  private JsonNode readBlobJson(BlobDigest digest, long size) throws IOException {
    if (size > MAX_JSON_BYTES) {
      throw new IOException("blob " + digest + " is " + size + " bytes, more than " + MAX_JSON_BYTES
          + " for a manifest or config");
    }
    try (InputStream in = new VerifyingInputStream(Files.newInputStream(digest.blobPath(dir)), digest, size)) {
      byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
      if (bytes.length > MAX_JSON_BYTES) {
        throw new IOException("blob " + digest + " is more than " + MAX_JSON_BYTES
            + " bytes, too big for a manifest or config");
      }
      in.read(); // reaches the end, where the digest is checked
      return JSON.readTree(bytes);
    } catch (NoSuchFileException e) {
      throw new IOException("blob " + digest + " is missing from " + dir, e);
    }
  }

  private static JsonNode readJson(Path file) throws IOException {
    if (Files.size(file) > MAX_JSON_BYTES) {
      throw new IOException(file + " is more than " + MAX_JSON_BYTES + " bytes");
    }
    JsonNode node = JSON.readTree(file.toFile());
    if (node == null || !node.isObject()) {
      throw new IOException(file + " is not a JSON object");
    }
    return node;
  }
}
