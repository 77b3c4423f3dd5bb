package dev.berth.scanner.advisory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code manifest.json} of an advisory bundle.
 *
 * @param formatVersion the bundle format version; this code writes and reads {@link #FORMAT_VERSION}
 * @param created when the bundle was exported
 * @param sources the feeds it holds, in export order
 */
public record BundleManifest(int formatVersion, Instant created, List<Source> sources) {
  /** The value of the manifest's {@code format} member. */
  public static final String FORMAT = "berth-advisory-bundle";

  /** The format version this code writes and accepts. */
  public static final int FORMAT_VERSION = 1;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PAYLOAD = Pattern.compile("payloads/[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * One feed in the bundle.
   *
   * @param kind how to read the payload
   * @param fileName the exported file's (or directory's) name
   * @param fingerprint {@code sha256:HEX} of the exported source: the file's bytes, or for a directory of OSV
   *     records the digest of its sorted {@code sha256  path} lines
   * @param payload the payload's entry name in the bundle ({@code payloads/1-debian.json})
   * @param sha256 the payload's SHA-256, lower-case hex
   * @param size the payload's size in bytes
   * @param records how many input records the payload holds
   * @param advisories how many advisories reading it yields
   */
  public record Source(
      FeedKind kind,
      String fileName,
      String fingerprint,
      String payload,
      String sha256,
      long size,
      long records,
      long advisories) {
    public Source {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(fingerprint, "fingerprint");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(sha256, "sha256");
      if (kind == FeedKind.BERTH_BUNDLE || kind == FeedKind.OSV_DIRECTORY) {
        throw new IllegalArgumentException("payload kind " + kind + " is not a single file feed");
      }
      if (!PAYLOAD.matcher(payload).matches()) {
        throw new IllegalArgumentException("invalid payload name '" + payload + "'");
      }
      if (!SHA256_HEX.matcher(sha256).matches()) {
        throw new IllegalArgumentException("invalid sha256 '" + sha256 + "' for " + payload);
      }
      if (!fingerprint.startsWith("sha256:") || !SHA256_HEX.matcher(fingerprint.substring(7)).matches()) {
        throw new IllegalArgumentException("invalid fingerprint '" + fingerprint + "' for " + payload);
      }
      if (size < 0 || records < 0 || advisories < 0) {
        throw new IllegalArgumentException("negative count for " + payload);
      }
    }
  }

  public BundleManifest {
    Objects.requireNonNull(created, "created");
    sources = List.copyOf(sources);
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("unsupported bundle format version " + formatVersion
          + " (this Berth reads version " + FORMAT_VERSION + ")");
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a bundle holds at least one source");
    }
    Set<String> payloads = new HashSet<>();
    for (Source s : sources) {
      if (!payloads.add(s.payload())) {
        throw new IllegalArgumentException("payload " + s.payload() + " listed twice");
      }
    }
  }

  /** The manifest as pretty-printed JSON. */
  byte[] toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", formatVersion);
    root.put("created", created.toString());
    ArrayNode list = root.putArray("sources");
    for (Source s : sources) {
      ObjectNode o = list.addObject();
      o.put("kind", s.kind().name());
      o.put("fileName", s.fileName());
      o.put("fingerprint", s.fingerprint());
      o.put("payload", s.payload());
      o.put("sha256", s.sha256());
      o.put("size", s.size());
      o.put("records", s.records());
      o.put("advisories", s.advisories());
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses and validates a manifest.
   *
   * @param where the bundle's name, for messages
   * @throws InvalidBundleException naming the member that is missing or wrong
   */
  static BundleManifest parse(byte[] json, String where) throws InvalidBundleException {
    try {
      JsonNode root = Json.MAPPER.readTree(json);
      if (root == null || !root.isObject() || !FORMAT.equals(Json.text(root, "format"))) {
        throw new InvalidBundleException(where + ": manifest.json is not a " + FORMAT + " manifest");
      }
      List<Source> sources = new ArrayList<>();
      for (JsonNode s : root.path("sources")) {
        sources.add(new Source(FeedKind.valueOf(required(s, "kind", where)), required(s, "fileName", where),
            required(s, "fingerprint", where), required(s, "payload", where), required(s, "sha256", where),
            number(s, "size", where), number(s, "records", where), number(s, "advisories", where)));
      }
      return new BundleManifest(root.path("formatVersion").asInt(-1),
          Instant.parse(required(root, "created", where)), sources);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidBundleException(where + ": invalid manifest.json: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidBundleException(where + ": manifest.json is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode node, String field, String where) throws InvalidBundleException {
    String v = Json.text(node, field);
    if (v.isEmpty()) {
      throw new InvalidBundleException(where + ": manifest.json lacks '" + field + "'");
    }
    return v;
  }

  private static long number(JsonNode node, String field, String where) throws InvalidBundleException {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new InvalidBundleException(where + ": manifest.json lacks the number '" + field + "'");
    }
    return v.asLong();
  }
}
