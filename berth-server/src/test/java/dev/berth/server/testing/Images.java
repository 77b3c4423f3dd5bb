package dev.berth.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds test images in memory: random layers, OCI and Docker configs and manifests, indexes and manifest lists
 * (nested too), artifacts with {@code artifactType} and the empty config, and {@code subject} links. Every
 * build is unique (random layers or a random annotation), so tests sharing a server never collide.
 *
 * <pre>{@code
 * Images.Image img = Images.oci().layers(2).build();
 * Images.Image sig = Images.artifact("application/vnd.example.sig").subject(img).build();
 * Images.Image idx = Images.index().add(img, "linux", "amd64").build();
 * }</pre>
 */
public final class Images {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  /** The empty JSON object, content of the OCI empty descriptor. */
  public static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

  private static final ObjectMapper JSON = new ObjectMapper();

  private Images() {}

  /** Content addressed by {@code digest}. */
  public record Blob(String mediaType, byte[] bytes, Digest digest) {
    public long size() {
      return bytes.length;
    }

    public ObjectNode descriptor() {
      return Images.descriptor(mediaType, digest, bytes.length);
    }
  }

  /**
   * A manifest or index: its exact bytes and the content it needs pushed first.
   *
   * @param blobs config and layers (for an index, none)
   * @param children the manifests an index lists
   */
  public record Image(String mediaType, byte[] bytes, Digest digest, List<Blob> blobs, List<Image> children) {
    public long size() {
      return bytes.length;
    }

    public ObjectNode descriptor() {
      return Images.descriptor(mediaType, digest, bytes.length);
    }

    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The config blob of an image manifest. */
    public Blob config() {
      return blobs.getFirst();
    }

    public List<Blob> layers() {
      return blobs.subList(1, blobs.size());
    }
  }

  public static byte[] randomBytes(int size) {
    byte[] b = new byte[size];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  public static String randomHex(int bytes) {
    return HexFormat.of().formatHex(randomBytes(bytes));
  }

  public static Blob blob(String mediaType, byte[] bytes) {
    return new Blob(mediaType, bytes, Digest.sha256(bytes));
  }

  public static Blob blob(String mediaType, byte[] bytes, DigestAlgorithm algorithm) {
    return new Blob(mediaType, bytes, Digest.compute(algorithm, bytes));
  }

  public static Blob emptyConfig() {
    return blob(OCI_EMPTY, EMPTY_JSON);
  }

  public static ObjectNode descriptor(String mediaType, Digest digest, long size) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest.value());
    d.put("size", size);
    return d;
  }

  /** An OCI image manifest builder. */
  public static ImageBuilder oci() {
    return new ImageBuilder(OCI_MANIFEST, OCI_CONFIG, OCI_LAYER);
  }

  /** A Docker schema 2 manifest builder. */
  public static ImageBuilder docker() {
    return new ImageBuilder(DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER);
  }

  /** An OCI artifact: {@code artifactType}, the empty config, one random layer of a custom type. */
  public static ImageBuilder artifact(String artifactType) {
    return oci().artifactType(artifactType).config(emptyConfig()).layers(0)
        .layer(blob("application/vnd.berth.test.payload", randomBytes(64)));
  }

  /** An OCI image index builder. */
  public static IndexBuilder index() {
    return new IndexBuilder(OCI_INDEX);
  }

  /** A Docker manifest list builder. */
  public static IndexBuilder dockerList() {
    return new IndexBuilder(DOCKER_LIST);
  }

  /** Builds an image manifest. */
  public static final class ImageBuilder {
    private final String mediaType;
    private final String configType;
    private final String layerType;
    private int randomLayers = 1;
    private int layerSize = 512;
    private final List<Blob> extraLayers = new ArrayList<>();
    private Blob config;
    private String artifactType;
    private Image subject;
    private DigestAlgorithm algorithm = DigestAlgorithm.SHA256;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private boolean withMediaType = true;

    private ImageBuilder(String mediaType, String configType, String layerType) {
      this.mediaType = mediaType;
      this.configType = configType;
      this.layerType = layerType;
    }

    /** How many random layers to generate (default 1). */
    public ImageBuilder layers(int n) {
      this.randomLayers = n;
      return this;
    }

    public ImageBuilder layerSize(int bytes) {
      this.layerSize = bytes;
      return this;
    }

    /** Adds a given layer after the random ones. */
    public ImageBuilder layer(Blob layer) {
      extraLayers.add(layer);
      return this;
    }

    public ImageBuilder config(Blob config) {
      this.config = config;
      return this;
    }

    public ImageBuilder artifactType(String type) {
      this.artifactType = type;
      return this;
    }

    public ImageBuilder subject(Image subject) {
      this.subject = subject;
      return this;
    }

    public ImageBuilder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    /** Digest algorithm of the blobs (the manifest's own digest is computed by whoever pushes it). */
    public ImageBuilder algorithm(DigestAlgorithm algorithm) {
      this.algorithm = algorithm;
      return this;
    }

    /** Leaves the {@code mediaType} member out of the manifest, as some old clients do. */
    public ImageBuilder withoutMediaTypeMember() {
      this.withMediaType = false;
      return this;
    }

    public Image build() {
      List<Blob> layers = new ArrayList<>();
      for (int i = 0; i < randomLayers; i++) {
        layers.add(blob(layerType, randomBytes(layerSize), algorithm));
      }
      layers.addAll(extraLayers);
      Blob cfg = config != null ? config : blob(configType, configJson(layers), algorithm);
      ObjectNode m = JSON.createObjectNode();
      m.put("schemaVersion", 2);
      if (withMediaType) {
        m.put("mediaType", mediaType);
      }
      if (artifactType != null) {
        m.put("artifactType", artifactType);
      }
      m.set("config", cfg.descriptor());
      ArrayNode ls = m.putArray("layers");
      layers.forEach(l -> ls.add(l.descriptor()));
      if (subject != null) {
        m.set("subject", subject.descriptor());
      }
      if (layers.isEmpty() && config != null && annotations.isEmpty()) {
        annotations.put("dev.berth.test.nonce", randomHex(8)); // keep every build unique
      }
      if (!annotations.isEmpty()) {
        ObjectNode a = m.putObject("annotations");
        annotations.forEach(a::put);
      }
      List<Blob> blobs = new ArrayList<>();
      blobs.add(cfg);
      blobs.addAll(layers);
      byte[] bytes = write(m);
      return new Image(mediaType, bytes, Digest.compute(algorithm, bytes), blobs, List.of());
    }

    private static byte[] configJson(List<Blob> layers) {
      ObjectNode c = JSON.createObjectNode();
      c.put("architecture", "amd64");
      c.put("os", "linux");
      c.putObject("config").putArray("Cmd").add("/bin/true");
      ObjectNode rootfs = c.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode diffIds = rootfs.putArray("diff_ids");
      layers.forEach(l -> diffIds.add("sha256:" + randomHex(32)));
      c.put("created", "2026-01-01T00:00:00Z");
      c.put("comment", randomHex(8)); // unique even without layers
      return write(c);
    }
  }

  /** Builds an index or manifest list. */
  public static final class IndexBuilder {
    private final String mediaType;
    private final List<Image> children = new ArrayList<>();
    private final List<ObjectNode> entries = new ArrayList<>();
    private String artifactType;
    private Image subject;
    private final Map<String, String> annotations = new LinkedHashMap<>();

    private IndexBuilder(String mediaType) {
      this.mediaType = mediaType;
    }

    /** Adds a child with a platform. */
    public IndexBuilder add(Image child, String os, String architecture) {
      ObjectNode d = child.descriptor();
      ObjectNode p = d.putObject("platform");
      p.put("architecture", architecture);
      p.put("os", os);
      children.add(child);
      entries.add(d);
      return this;
    }

    /** Adds a child (a manifest or a nested index) without a platform. */
    public IndexBuilder add(Image child) {
      children.add(child);
      entries.add(child.descriptor());
      return this;
    }

    /** Lists a manifest that is not pushed with the index (for missing-child tests). */
    public IndexBuilder addUnpushed(Image child) {
      entries.add(child.descriptor());
      return this;
    }

    public IndexBuilder artifactType(String type) {
      this.artifactType = type;
      return this;
    }

    public IndexBuilder subject(Image subject) {
      this.subject = subject;
      return this;
    }

    public IndexBuilder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public Image build() {
      ObjectNode m = JSON.createObjectNode();
      m.put("schemaVersion", 2);
      m.put("mediaType", mediaType);
      if (artifactType != null) {
        m.put("artifactType", artifactType);
      }
      ArrayNode ms = m.putArray("manifests");
      entries.forEach(ms::add);
      if (subject != null) {
        m.set("subject", subject.descriptor());
      }
      if (entries.isEmpty() && annotations.isEmpty()) {
        annotations.put("dev.berth.test.nonce", randomHex(8));
      }
      if (!annotations.isEmpty()) {
        ObjectNode a = m.putObject("annotations");
        annotations.forEach(a::put);
      }
      byte[] bytes = write(m);
      return new Image(mediaType, bytes, Digest.sha256(bytes), List.of(), List.copyOf(children));
    }
  }

  /** Serialises a JSON tree compactly, keeping member order. */
  public static byte[] write(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A parsed copy of an image's manifest, for tests that tamper with it. */
  public static ObjectNode tree(Image image) {
    try {
      return (ObjectNode) JSON.readTree(image.bytes());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
