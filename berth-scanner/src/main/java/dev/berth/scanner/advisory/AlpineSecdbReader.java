package dev.berth.scanner.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.scanner.Ecosystem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads an Alpine secdb file: {@code distroversion} and {@code packages[].pkg.secfixes}, a map from the
 * version that fixed them to the ids fixed.
 *
 * <p>Secdb files are a few MB, so the file is read whole. Package names are origin (source) package names.
 * A fixed version of {@code "0"} means the package was never affected in that branch (the Alpine
 * convention for "not applicable"; claircore's Alpine matcher treats it as unaffected). Secdb carries no
 * severity, so every advisory is Unknown, as in Clair. An id entry may hold several ids separated by
 * spaces; the first is the advisory id, the rest its aliases. Wolfi and Chainguard publish the same schema
 * without {@code distroversion}; their files are placed under {@code wolfi:rolling} or
 * {@code chainguard:rolling}, told apart by {@code reponame}, {@code urlprefix} and {@code apkurl}.
 */
final class AlpineSecdbReader {
  static final String SOURCE = "alpine-secdb";

  private final Tally tally;

  AlpineSecdbReader(Tally tally) {
    this.tally = tally;
  }

  void read(InputStream in, String name, Consumer<? super Advisory> sink) throws IOException {
    JsonNode root = Json.MAPPER.readTree(in);
    if (root == null || !root.isObject() || !root.path("packages").isArray()) {
      throw new FeedFormatException(name + ": secdb JSON must be an object with a packages array");
    }
    ReleaseKey release = release(root, name);
    for (JsonNode entry : root.path("packages")) {
      JsonNode pkg = entry.path("pkg");
      String pkgName = Json.text(pkg, "name");
      if (pkgName.isBlank() || !pkg.path("secfixes").isObject()) {
        tally.ignore("package-without-secfixes");
        continue;
      }
      for (Advisory a : advisories(release, pkgName, pkg.path("secfixes"))) {
        tally.emit(a, sink);
      }
    }
  }

  private List<Advisory> advisories(ReleaseKey release, String pkgName, JsonNode secfixes) {
    Map<String, List<Affected>> byId = new LinkedHashMap<>();
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> fix : secfixes.properties()) {
      String version = fix.getKey().strip();
      AffectedVersions versions = version.equals("0")
          ? new AffectedVersions.NotAffected()
          : new AffectedVersions.FixedIn(version);
      for (JsonNode idNode : fix.getValue()) {
        String[] ids = idNode.asText("").strip().split("\\s+");
        if (ids[0].isEmpty()) {
          continue;
        }
        tally.record();
        byId.computeIfAbsent(ids[0], k -> new ArrayList<>())
            .add(new Affected(Ecosystem.ALPINE, Optional.of(release), pkgName, true, versions, Optional.empty()));
        List<String> known = aliases.computeIfAbsent(ids[0], k -> new ArrayList<>());
        for (int i = 1; i < ids.length; i++) {
          if (!known.contains(ids[i])) {
            known.add(ids[i]);
          }
        }
      }
    }
    List<Advisory> out = new ArrayList<>();
    for (Map.Entry<String, List<Affected>> e : byId.entrySet()) {
      List<Reference> refs = release.distro().equals("alpine")
          ? List.of(new Reference("ADVISORY", "https://security.alpinelinux.org/vuln/" + e.getKey()))
          : List.of();
      out.add(new Advisory(e.getKey(), SOURCE, aliases.get(e.getKey()), "", "", refs, Optional.empty(),
          Optional.empty(), Severity.unknown(), e.getValue()));
    }
    return out;
  }

  private static ReleaseKey release(JsonNode root, String name) throws FeedFormatException {
    String version = Json.text(root, "distroversion").strip().toLowerCase(Locale.ROOT);
    if (!version.isEmpty()) {
      try {
        return new ReleaseKey("alpine", version);
      } catch (IllegalArgumentException e) {
        throw new FeedFormatException(name + ": invalid distroversion '" + version + "'", e);
      }
    }
    String where = (Json.text(root, "reponame") + " " + Json.text(root, "urlprefix") + " "
        + Json.text(root, "apkurl")).toLowerCase(Locale.ROOT);
    if (where.contains("wolfi")) {
      return new ReleaseKey("wolfi", "rolling");
    } else if (where.contains("chainguard") || where.contains("cgr.dev")) {
      return new ReleaseKey("chainguard", "rolling");
    }
    throw new FeedFormatException(name + ": secdb has no distroversion and is not a Wolfi or Chainguard secdb");
  }
}
