package dev.berth.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the raw bytes of a pushed manifest into a {@link Manifest}, strictly: the media type is decided before
 * the body is interpreted, a {@code mediaType} member that disagrees with the {@code Content-Type} is refused, and
 * a body that carries members of the other kind (an index with {@code config}, a manifest with
 * {@code manifests}) is refused, which closes the manifest/index type confusion of GHSA-qq97-vm5h-rrhg.
 * Duplicate keys and trailing content are refused too.
 */
public final class ManifestParser {
  /** The largest manifest the registry accepts, 4 MiB, as Distribution and the spec's guidance. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");
  private static final Set<String> GENERIC_TYPES = Set.of("", "application/json");

  private final ObjectMapper mapper;

  public ManifestParser() {
    JsonMapper.Builder builder =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    this.mapper = builder.build();
    this.mapper
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /**
   * Parses a manifest.
   *
   * @param content the exact bytes pushed, at most {@link #MAX_MANIFEST_BYTES}
   * @param contentType the request's {@code Content-Type} header, or null
   * @return the parsed manifest; its {@link Manifest#mediaType()} is the type it will be served as
   * @throws RegistryException {@code MANIFEST_INVALID} for anything that is not a valid manifest of a supported
   *     kind, {@code MANIFEST_TOO_LARGE} above the size limit
   */
  public Manifest parse(byte[] content, String contentType) {
    if (content.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(ErrorCode.MANIFEST_TOO_LARGE, "manifest exceeds " + MAX_MANIFEST_BYTES + " bytes");
    }
    requireUtf8WithoutBom(content);
    JsonNode root = readTree(content);
    if (!(root instanceof ObjectNode obj)) {
      throw invalid("manifest is not a JSON object");
    }
    JsonNode schemaVersion = obj.get("schemaVersion");
    if (!isIntegral(schemaVersion, 2)) {
      if (isIntegral(schemaVersion, 1)) {
        throw invalid("schema 1 manifests are not supported");
      }
      throw invalid("schemaVersion must be 2");
    }
    String mediaType = decideMediaType(optionalText(obj, "mediaType"), MediaTypes.essence(contentType));
    Optional<Descriptor> subject = optionalDescriptor(obj, "subject");
    Optional<String> artifactType = optionalMediaType(obj, "artifactType");
    Map<String, String> annotations = stringMap(obj, "annotations");
    if (MediaTypes.isIndex(mediaType)) {
      if (obj.has("config") || obj.has("layers")) {
        throw invalid("an index must not have config or layers");
      }
      List<Descriptor> manifests = descriptors(obj, "manifests");
      return new ImageIndex(mediaType, manifests, subject, artifactType, annotations);
    }
    if (obj.has("manifests")) {
      throw invalid("an image manifest must not have manifests");
    }
    JsonNode config = obj.get("config");
    if (config == null) {
      throw invalid("an image manifest must have a config");
    }
    Descriptor configDescriptor = descriptor(config, "config");
    List<Descriptor> layers = descriptors(obj, "layers");
    return new ImageManifest(mediaType, configDescriptor, layers, subject, artifactType, annotations);
  }

  // canConvertToLong first: asLong() wraps big integers, so 2^64 + 2 would read as 2.
  private static boolean isIntegral(JsonNode node, long value) {
    return node != null && node.isIntegralNumber() && node.canConvertToLong() && node.asLong() == value;
  }

  // Jackson skips a UTF-8 byte order mark and sniffs UTF-16 and UTF-32 from the first bytes; RFC 8259 section 8.1
  // wants BOM-less UTF-8 on the wire, and Go clients (containerd, Distribution) cannot read anything else, so such
  // a manifest is refused rather than stored and served. UTF-16/32 JSON has a NUL in its first four bytes or starts
  // with a FE/FF byte order mark; UTF-8 JSON has neither.
  private static void requireUtf8WithoutBom(byte[] content) {
    if (content.length >= 3
        && (content[0] & 0xFF) == 0xEF
        && (content[1] & 0xFF) == 0xBB
        && (content[2] & 0xFF) == 0xBF) {
      throw invalid("manifest starts with a byte order mark");
    }
    if (content.length >= 1 && ((content[0] & 0xFF) == 0xFE || (content[0] & 0xFF) == 0xFF)) {
      throw invalid("manifest is not UTF-8");
    }
    for (int i = 0; i < Math.min(4, content.length); i++) {
      if (content[i] == 0) {
        throw invalid("manifest is not UTF-8");
      }
    }
  }

  private JsonNode readTree(byte[] content) {
    try {
      JsonNode root = mapper.readTree(content);
      if (root == null || root.isMissingNode()) {
        throw invalid("manifest is empty");
      }
      return root;
    } catch (IOException | RuntimeException e) {
      if (e instanceof RegistryException re) {
        throw re;
      }
      throw invalid("manifest is not valid JSON");
    }
  }

  private static String decideMediaType(Optional<String> declared, String contentType) {
    if (MediaTypes.DOCKER_SCHEMA1.equals(contentType) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(contentType)) {
      throw invalid("schema 1 manifests are not supported");
    }
    if (MediaTypes.MANIFESTS.contains(contentType)) {
      if (declared.isPresent() && !declared.get().equals(contentType)) {
        throw invalid("mediaType " + declared.get() + " does not match Content-Type " + contentType);
      }
      return contentType;
    }
    if (GENERIC_TYPES.contains(contentType) && declared.isPresent()
        && MediaTypes.MANIFESTS.contains(declared.get())) {
      return declared.get();
    }
    throw invalid("unsupported manifest media type " + (contentType.isEmpty() ? "(none)" : contentType));
  }

  private static List<Descriptor> descriptors(ObjectNode obj, String field) {
    JsonNode array = obj.get(field);
    if (array == null || !array.isArray()) {
      throw invalid(field + " must be an array");
    }
    List<Descriptor> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(descriptor(array.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  private static Optional<Descriptor> optionalDescriptor(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(descriptor(node, field));
  }

  static Descriptor descriptor(JsonNode node, String where) {
    if (!(node instanceof ObjectNode d)) {
      throw invalid(where + " must be a descriptor object");
    }
    String mediaType =
        optionalMediaType(d, "mediaType").orElseThrow(() -> invalid(where + ".mediaType is required"));
    String digestText = optionalText(d, "digest").orElseThrow(() -> invalid(where + ".digest is required"));
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (RegistryException e) {
      throw invalid(where + ".digest: " + e.getMessage());
    }
    JsonNode size = d.get("size");
    if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
      throw invalid(where + ".size must be a non-negative integer");
    }
    Optional<String> artifactType = optionalMediaType(d, "artifactType");
    Map<String, String> annotations = stringMap(d, "annotations");
    List<String> urls = stringList(d, "urls");
    Optional<Platform> platform = platform(d.get("platform"), where);
    return new Descriptor(mediaType, digest, size.asLong(), artifactType, annotations, urls, platform);
  }

  private static Optional<Platform> platform(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!(node instanceof ObjectNode p)) {
      throw invalid(where + ".platform must be an object");
    }
    return Optional.of(
        new Platform(
            optionalText(p, "os").orElse(""),
            optionalText(p, "architecture").orElse(""),
            optionalText(p, "variant").orElse("")));
  }

  private static Optional<String> optionalText(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw invalid(field + " must be a string");
    }
    return Optional.of(node.textValue());
  }

  private static Optional<String> optionalMediaType(ObjectNode obj, String field) {
    Optional<String> value = optionalText(obj, field);
    if (value.isPresent() && !MEDIA_TYPE.matcher(value.get()).matches()) {
      throw invalid(field + " is not a valid media type");
    }
    return value;
  }

  private static Map<String, String> stringMap(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid(field + " must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw invalid(field + " values must be strings");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static List<String> stringList(ObjectNode obj, String field) {
    JsonNode node = obj.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw invalid(field + " must be an array of strings");
      }
      out.add(n.textValue());
    }
    return out;
  }

  private static RegistryException invalid(String reason) {
    return new RegistryException(ErrorCode.MANIFEST_INVALID, "manifest invalid", Map.of("reason", reason));
  }
}
