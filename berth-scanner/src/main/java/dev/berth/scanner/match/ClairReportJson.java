package dev.berth.scanner.match;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.PackageRepository;
import dev.berth.scanner.advisory.Affected;
import dev.berth.scanner.advisory.Reference;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders a {@link VulnerabilityReport} in the shape of Clair v4's VulnerabilityReport JSON, so that tools
 * that read Clair's {@code /matcher/api/v1/vulnerability_report/{digest}} read Berth's.
 *
 * <p>Members follow Clair's schema ({@code httptransport/types/v1/vulnerability_report.schema.json}) and
 * claircore's {@code VulnerabilityReport}/{@code Vulnerability} JSON names: {@code manifest_hash},
 * {@code packages}, {@code distributions}, {@code repository}, {@code environments}, {@code vulnerabilities},
 * {@code package_vulnerabilities}, {@code enrichments}. Ids are strings unique within the document: packages
 * {@code 1..n} in input order, their source packages after them, the distribution {@code 1}, repositories in
 * order of first appearance, vulnerabilities in order of first appearance. Each package's environment names
 * the layer that introduced it ({@code introduced_in}) when the report knows it, as Clair copies it from the
 * IndexReport, and the repository of a language package ({@link PackageRepository}, as claircore's indexers
 * give it). One vulnerability entry stands for one advisory entry and fixed version, and is shared by every
 * package it affects, as Clair shares its vulnerability rows. A time the feed does not give is written as Go's
 * zero time, as Clair writes it.
 *
 * <p>A vulnerability's {@code distribution} is the image's distribution it was matched under (the same object
 * as {@code distributions["1"]}), and a language vulnerability's {@code repository} is the repository object
 * of the report. No {@code range} is written: claircore's {@code Range} holds its own numeric version encoding
 * ({@code kind:n.n.n}), which Debian and RPM versions with an epoch cannot be written in, and Clair's own
 * Debian and Alpine updaters leave it unset; {@code fixed_in_version} carries the fix.
 */
public final class ClairReportJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final String DIST_ID = "1";

  private ClairReportJson() {}

  /** Writes the report as pretty-printed JSON; the stream is not closed. */
  public static void write(VulnerabilityReport report, OutputStream out) throws IOException {
    MAPPER.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, toJson(report));
  }

  /** The report as a JSON tree. */
  public static ObjectNode toJson(VulnerabilityReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("manifest_hash", report.manifestHash());
    ObjectNode packages = root.putObject("packages");
    ObjectNode distributions = root.putObject("distributions");
    ObjectNode repositories = root.putObject("repository");
    ObjectNode environments = root.putObject("environments");
    ObjectNode vulnerabilities = root.putObject("vulnerabilities");
    ObjectNode packageVulns = root.putObject("package_vulnerabilities");
    root.putObject("enrichments");

    Optional<ObjectNode> distribution = report.distribution().map(ClairReportJson::distribution);
    distribution.ifPresent(d -> distributions.set(DIST_ID, d));
    Map<Ecosystem, ObjectNode> repos = repositories(report.packages(), repositories);
    Map<InstalledPackage, String> ids = packages(report, packages, environments, repos);
    Map<Object, String> vulnIds = new LinkedHashMap<>();
    Map<String, TreeSet<Integer>> byPackage = new LinkedHashMap<>();
    for (Finding f : report.findings()) {
      Object key = List.of(f.advisory().source(), f.advisory().id(), f.affected(), f.fixedIn());
      String vid = vulnIds.get(key);
      if (vid == null) {
        vid = Integer.toString(vulnIds.size() + 1);
        vulnIds.put(key, vid);
        vulnerabilities.set(vid, vulnerability(vid, f, distribution, repos));
      }
      String pid = ids.get(f.pkg());
      if (pid != null) {
        byPackage.computeIfAbsent(pid, k -> new TreeSet<>()).add(Integer.parseInt(vid));
      }
    }
    byPackage.forEach((pid, vids) -> {
      ArrayNode a = packageVulns.putArray(pid);
      vids.forEach(v -> a.add(Integer.toString(v)));
    });
    return root;
  }

  /** Writes the repository of each language ecosystem among the packages; returns them by ecosystem. */
  private static Map<Ecosystem, ObjectNode> repositories(List<InstalledPackage> packages, ObjectNode out) {
    Map<Ecosystem, ObjectNode> repos = new EnumMap<>(Ecosystem.class);
    for (InstalledPackage p : packages) {
      if (repos.containsKey(p.ecosystem())) {
        continue;
      }
      PackageRepository.of(p.ecosystem()).ifPresent(r -> {
        String id = Integer.toString(out.size() + 1);
        ObjectNode o = out.putObject(id).put("id", id).put("name", r.name()).put("key", "").put("uri", r.uri())
            .put("cpe", "");
        repos.put(p.ecosystem(), o);
      });
    }
    return repos;
  }

  /** Writes packages and their environments; returns each package's id. */
  private static Map<InstalledPackage, String> packages(VulnerabilityReport report, ObjectNode packages,
      ObjectNode environments, Map<Ecosystem, ObjectNode> repos) {
    Map<InstalledPackage, String> ids = new IdentityHashMap<>();
    Map<String, String> sourceIds = new HashMap<>();
    int next = report.packages().size() + 1;
    for (int i = 0; i < report.packages().size(); i++) {
      InstalledPackage p = report.packages().get(i);
      String id = Integer.toString(i + 1);
      ids.put(p, id);
      ObjectNode pj = packages.putObject(id);
      pj.put("id", id).put("name", p.name()).put("version", p.version()).put("kind", "binary");
      if (p.ecosystem().isOperatingSystem()) {
        String key = p.sourceName() + "\u0000" + p.sourceVersion();
        String sid = sourceIds.get(key);
        if (sid == null) {
          sid = Integer.toString(next++);
          sourceIds.put(key, sid);
        }
        pj.putObject("source").put("id", sid).put("name", p.sourceName()).put("version", p.sourceVersion())
            .put("kind", "source");
      }
      if (!p.arch().isEmpty()) {
        pj.put("arch", p.arch());
      }
      ObjectNode env = environments.putArray(id).addObject();
      env.put("package_db", p.path());
      env.put("introduced_in", report.introducedIn().getOrDefault(p, ""));
      env.put("distribution_id",
          p.ecosystem().isOperatingSystem() && report.distribution().isPresent() ? DIST_ID : "");
      ArrayNode repoIds = env.putArray("repository_ids");
      Optional.ofNullable(repos.get(p.ecosystem())).ifPresent(r -> repoIds.add(r.get("id").asText()));
    }
    return ids;
  }

  private static ObjectNode vulnerability(String id, Finding f, Optional<ObjectNode> distribution,
      Map<Ecosystem, ObjectNode> repos) {
    ObjectNode v = MAPPER.createObjectNode();
    Affected a = f.affected();
    v.put("id", id);
    v.put("updater", f.advisory().source());
    v.put("name", f.advisory().id());
    String description = f.advisory().description();
    v.put("description", description.isEmpty() ? f.advisory().summary() : description);
    v.put("issued", f.advisory().published().map(Object::toString).orElse(ZERO_TIME));
    v.put("links", f.advisory().references().stream().map(Reference::url).distinct()
        .collect(Collectors.joining(" ")));
    v.put("severity", f.severity().raw());
    v.put("normalized_severity", f.severity().normalized().clairName());
    v.putObject("package").put("id", "").put("name", a.packageName()).put("version", "")
        .put("kind", a.sourcePackage() ? "source" : "binary");
    if (a.release().isPresent() && distribution.isPresent()) {
      v.set("distribution", distribution.get().deepCopy());
    }
    Optional.ofNullable(repos.get(a.ecosystem())).ifPresent(r -> v.set("repository", r.deepCopy()));
    v.put("fixed_in_version", f.fixedIn().orElse(""));
    return v;
  }

  /** claircore's {@code Distribution}: every member, empty where os-release does not say. */
  private static ObjectNode distribution(Distribution d) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", DIST_ID).put("did", d.id()).put("name", d.name()).put("version", d.version())
        .put("version_code_name", d.versionCodename()).put("version_id", d.versionId()).put("arch", "")
        .put("cpe", d.cpe()).put("pretty_name", d.prettyName());
    return o;
  }
}
