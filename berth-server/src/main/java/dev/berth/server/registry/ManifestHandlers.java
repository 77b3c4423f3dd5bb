package dev.berth.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Reference;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.server.http.Exchange;
import dev.berth.server.registry.Manifests.PushResult;
import dev.berth.server.registry.Rows.ManifestRow;
import dev.berth.server.registry.Rows.ReferrerRow;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /v2/<name>/manifests/<reference>} and {@code /v2/<name>/referrers/<digest>}. */
final class ManifestHandlers {
  /** The most {@code ?tag=} parameters one push may carry; the spec asks for at least 10. */
  static final int MAX_EXTRA_TAGS = 100;

  private final Manifests manifests;
  private final ObjectMapper json;
  private final int pageLimit;

  ManifestHandlers(Manifests manifests, ObjectMapper json, int pageLimit) {
    this.manifests = manifests;
    this.json = json;
    this.pageLimit = pageLimit;
  }

  void get(Exchange ex, RepositoryName name, String argument) throws IOException {
    Reference reference = Reference.parse(argument);
    ManifestRow row = manifests.get(name, reference).orElseThrow(() -> unknown(reference));
    String etag = "\"" + row.digest().value() + "\"";
    ex.setHeader("Docker-Content-Digest", row.digest().value());
    ex.setHeader("ETag", etag);
    if (!ex.sendNotModifiedIfMatches(etag)) {
      ex.send(200, row.mediaType(), row.content());
    }
  }

  void put(Exchange ex, RepositoryName name, String argument) throws IOException {
    Reference reference = Reference.parse(argument);
    List<String> tagParams = ex.queryValues("tag");
    if (tagParams.size() > MAX_EXTRA_TAGS) {
      throw new RegistryException(ErrorCode.TAG_INVALID, "at most " + MAX_EXTRA_TAGS + " tag parameters");
    }
    List<Tag> extraTags = tagParams.stream().map(Tag::parse).toList();
    byte[] body = ex.readSmallBody(ManifestParser.MAX_MANIFEST_BYTES, ErrorCode.MANIFEST_TOO_LARGE);
    PushResult result =
        manifests.push(name, reference, body, ex.header("Content-Type").orElse(null), extraTags, ex.principal());
    ex.setHeader("Location", "/v2/" + name.value() + "/manifests/" + result.digest().value());
    ex.setHeader("Docker-Content-Digest", result.digest().value());
    result.subject().ifPresent(s -> ex.setHeader("OCI-Subject", s.value()));
    for (Tag t : extraTags) {
      ex.addHeader("OCI-Tag", t.value());
    }
    ex.send(201);
  }

  void delete(Exchange ex, RepositoryName name, String argument) throws IOException {
    manifests.delete(name, Reference.parse(argument), ex.principal());
    ex.send(202);
  }

  void referrers(Exchange ex, RepositoryName name, String argument) throws IOException {
    Digest subject = Digest.parse(argument);
    Optional<String> artifactType = ex.query("artifactType");
    String after = ex.query("last").filter(Digest::isValid).orElse("");
    List<ReferrerRow> rows = manifests.referrers(name, subject, artifactType, after, pageLimit + 1);
    boolean more = rows.size() > pageLimit;
    if (more) {
      rows = rows.subList(0, pageLimit);
      String next = "/v2/" + name.value() + "/referrers/" + subject.value() + "?last="
          + rows.getLast().digest().value()
          + artifactType.map(t -> "&artifactType=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
      ex.setHeader("Link", "<" + next + ">; rel=\"next\"");
    }
    ObjectNode index = json.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = index.putArray("manifests");
    for (ReferrerRow r : rows) {
      ObjectNode d = list.addObject();
      d.put("mediaType", r.mediaType());
      d.put("digest", r.digest().value());
      d.put("size", r.size());
      if (r.artifactType() != null) {
        d.put("artifactType", r.artifactType());
      }
      if (r.annotationsJson() != null) {
        d.set("annotations", json.readTree(r.annotationsJson()));
      }
    }
    artifactType.ifPresent(t -> ex.setHeader("OCI-Filters-Applied", "artifactType"));
    ex.send(200, MediaTypes.OCI_INDEX, json.writeValueAsBytes(index));
  }

  private static RegistryException unknown(Reference reference) {
    return new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to registry",
        Map.of(reference instanceof Tag ? "tag" : "digest", reference.value()));
  }

}
