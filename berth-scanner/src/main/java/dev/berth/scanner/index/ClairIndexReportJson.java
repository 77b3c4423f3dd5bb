package dev.berth.scanner.index;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.berth.scanner.Distribution;
import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.PackageRepository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an {@link IndexReport} as Clair v4's IndexReport JSON (claircore {@code IndexReport}, {@code Package},
 * {@code Distribution}, {@code Repository}, {@code Environment}), so that tools written for Clair read it:
 *
 * <pre>{@code
 * {"manifest_hash":"sha256:…","state":"IndexFinished",
 *  "packages":{"1":{"id":"1","name":"libc6","version":"2.36-9","kind":"binary",
 *                   "source":{"id":"9","name":"glibc","version":"2.36-9","kind":"source"},"arch":"amd64"}},
 *  "distributions":{"1":{"id":"1","did":"debian",…,"pretty_name":"Debian GNU/Linux 12 (bookworm)"}},
 *  "repository":{},
 *  "environments":{"1":[{"package_db":"var/lib/dpkg/status","introduced_in":"sha256:…",
 *                        "distribution_id":"1","repository_ids":[]}]},
 *  "success":true,"err":""}
 * }</pre>
 *
 * <p>Ids are assigned in report order: binary packages first, then source packages. One package found in several
 * files has one id and one environment per file. Language packages carry the repository claircore gives them
 * ({@link PackageRepository}: {@code maven}, {@code pypi}, {@code npm}, {@code go}) and no distribution.
 */
public final class ClairIndexReportJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();
  private static final String DISTRIBUTION_ID = "1";

  private ClairIndexReportJson() {}

  /** The report as a JSON string. */
  public static String toJson(IndexReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(report, out, false);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the report as UTF-8 JSON; the stream is flushed, not closed.
   *
   * @param pretty whether to indent
   */
  public static void write(IndexReport report, OutputStream out, boolean pretty) throws IOException {
    Ids ids = Ids.assign(report);
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      if (pretty) {
        json.useDefaultPrettyPrinter();
      }
      json.writeStartObject();
      json.writeStringField("manifest_hash", report.manifestDigest());
      json.writeStringField("state", report.state().clairName());
      writePackages(json, ids);
      writeDistributions(json, report.distribution());
      writeRepositories(json, ids);
      writeEnvironments(json, ids, report.distribution().isPresent());
      json.writeBooleanField("success", report.success());
      json.writeStringField("err", report.error());
      json.writeEndObject();
    }
  }

  private static void writePackages(JsonGenerator json, Ids ids) throws IOException {
    json.writeObjectFieldStart("packages");
    for (Map.Entry<PackageKey, String> binary : ids.binaries.entrySet()) {
      PackageKey key = binary.getKey();
      json.writeObjectFieldStart(binary.getValue());
      json.writeStringField("id", binary.getValue());
      json.writeStringField("name", key.name());
      json.writeStringField("version", key.version());
      json.writeStringField("kind", "binary");
      if (key.ecosystem().isOperatingSystem()) {
        SourceKey source = key.source();
        json.writeObjectFieldStart("source");
        json.writeStringField("id", ids.sources.get(source));
        json.writeStringField("name", source.name());
        json.writeStringField("version", source.version());
        json.writeStringField("kind", "source");
        json.writeEndObject();
      }
      json.writeStringField("arch", key.arch());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeDistributions(JsonGenerator json, Optional<IndexedDistribution> found)
      throws IOException {
    json.writeObjectFieldStart("distributions");
    if (found.isPresent()) {
      Distribution d = found.get().distribution();
      json.writeObjectFieldStart(DISTRIBUTION_ID);
      json.writeStringField("id", DISTRIBUTION_ID);
      json.writeStringField("did", d.id());
      json.writeStringField("name", d.name());
      json.writeStringField("version", d.version());
      json.writeStringField("version_code_name", d.versionCodename());
      json.writeStringField("version_id", d.versionId());
      json.writeStringField("arch", "");
      json.writeStringField("cpe", d.cpe());
      json.writeStringField("pretty_name", d.prettyName());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeRepositories(JsonGenerator json, Ids ids) throws IOException {
    json.writeObjectFieldStart("repository");
    for (Map.Entry<Ecosystem, String> repo : ids.repositories.entrySet()) {
      PackageRepository r = PackageRepository.of(repo.getKey()).orElseThrow();
      json.writeObjectFieldStart(repo.getValue());
      json.writeStringField("id", repo.getValue());
      json.writeStringField("name", r.name());
      json.writeStringField("key", "");
      json.writeStringField("uri", r.uri());
      json.writeStringField("cpe", "");
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeEnvironments(JsonGenerator json, Ids ids, boolean hasDistribution) throws IOException {
    json.writeObjectFieldStart("environments");
    for (Map.Entry<PackageKey, List<IndexedPackage>> found : ids.environments.entrySet()) {
      json.writeArrayFieldStart(ids.binaries.get(found.getKey()));
      for (IndexedPackage p : found.getValue()) {
        Ecosystem ecosystem = p.pkg().ecosystem();
        json.writeStartObject();
        json.writeStringField("package_db", p.pkg().path());
        json.writeStringField("introduced_in", p.introducedIn());
        json.writeStringField("distribution_id",
            ecosystem.isOperatingSystem() && hasDistribution ? DISTRIBUTION_ID : "");
        json.writeArrayFieldStart("repository_ids");
        if (ids.repositories.containsKey(ecosystem)) {
          json.writeString(ids.repositories.get(ecosystem));
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private record SourceKey(Ecosystem ecosystem, String name, String version) {}

  private record PackageKey(Ecosystem ecosystem, String name, String version, String arch, SourceKey source) {
    static PackageKey of(InstalledPackage p) {
      return new PackageKey(p.ecosystem(), p.name(), p.version(), p.arch(),
          new SourceKey(p.ecosystem(), p.sourceName(), p.sourceVersion()));
    }
  }

  /** The ids of one report, in a stable order. */
  private static final class Ids {
    final Map<PackageKey, String> binaries = new LinkedHashMap<>();
    final Map<SourceKey, String> sources = new LinkedHashMap<>();
    final Map<Ecosystem, String> repositories = new LinkedHashMap<>();
    final Map<PackageKey, List<IndexedPackage>> environments = new LinkedHashMap<>();

    static Ids assign(IndexReport report) {
      Ids ids = new Ids();
      for (IndexedPackage p : report.packages()) {
        PackageKey key = PackageKey.of(p.pkg());
        ids.binaries.computeIfAbsent(key, k -> String.valueOf(ids.binaries.size() + 1));
        ids.environments.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
      }
      int next = ids.binaries.size() + 1;
      for (PackageKey key : ids.binaries.keySet()) {
        if (key.ecosystem().isOperatingSystem() && !ids.sources.containsKey(key.source())) {
          ids.sources.put(key.source(), String.valueOf(next++));
        }
      }
      for (PackageKey key : ids.binaries.keySet()) {
        if (PackageRepository.of(key.ecosystem()).isPresent() && !ids.repositories.containsKey(key.ecosystem())) {
          ids.repositories.put(key.ecosystem(), String.valueOf(ids.repositories.size() + 1));
        }
      }
      return ids;
    }
  }
}
