package dev.berth.scanner.advisory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers over Jackson trees, shared by the readers. */
final class Json {
  /** Go's zero time, which Go-written feeds use for "unknown". */
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build());

  private Json() {}

  /** The text of {@code field}, or empty when it is missing, null or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.textValue() : "";
  }

  /** The strings of the array {@code field}, skipping non-strings; empty when missing. */
  static List<String> texts(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    JsonNode v = node.get(field);
    if (v != null && v.isArray()) {
      for (JsonNode e : v) {
        if (e.isTextual() && !e.textValue().isBlank()) {
          out.add(e.textValue());
        }
      }
    }
    return out;
  }

  /** An RFC 3339 timestamp; empty when missing, unparseable or Go's zero time. */
  static Optional<Instant> instant(JsonNode node, String field) {
    String s = text(node, field);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant t = Instant.parse(s);
      return t.equals(GO_ZERO) ? Optional.empty() : Optional.of(t);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The object at {@code field}, if it is one. */
  static Optional<JsonNode> object(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isObject() ? Optional.of(v) : Optional.empty();
  }
}
