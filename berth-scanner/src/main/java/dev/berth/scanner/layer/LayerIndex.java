package dev.berth.scanner.layer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.scanner.InstalledPackage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * What one layer contains, as far as the scanner cares: a pure value that depends only on the layer's bytes
 * and the set of finders, so it can be cached under the layer digest and shared by every image that uses the
 * layer. Merging layers into an image is {@code dev.berth.scanner.index}'s job.
 *
 * @param digest the layer digest ({@code sha256:…}) as the caller named it
 * @param finders the names of the finders that read the layer, in order; a cached index made by another set
 *     of finders is stale
 * @param distributions the distribution files found, in archive order
 * @param packages the packages found, in archive order; each {@link InstalledPackage#path()} is a path in
 *     {@code seenPaths}, or a path inside one ({@code x.jar!/…})
 * @param whiteouts paths this layer removes from the layers below it ({@code .wh.<name>})
 * @param opaqueDirs directories whose lower-layer contents this layer hides ({@code .wh..wh..opq}); {@code ""}
 *     is the root
 * @param seenPaths the paths a finder wanted in this layer: the regular files handed to finders, and the
 *     links or special files at such paths (not followed). Each hides the same path of the layers below
 * @param hostilePaths raw names skipped because they climb above the root (the first 100)
 * @param entryCount how many tar entries the layer has
 * @param decompressedBytes how many bytes the layer decompressed to
 */
public record LayerIndex(
    String digest,
    List<String> finders,
    List<FoundDistribution> distributions,
    List<InstalledPackage> packages,
    List<String> whiteouts,
    List<String> opaqueDirs,
    List<String> seenPaths,
    List<String> hostilePaths,
    long entryCount,
    long decompressedBytes) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .build();

  public LayerIndex {
    Objects.requireNonNull(digest, "digest");
    finders = List.copyOf(finders);
    distributions = List.copyOf(distributions);
    packages = List.copyOf(packages);
    whiteouts = List.copyOf(whiteouts);
    opaqueDirs = List.copyOf(opaqueDirs);
    seenPaths = List.copyOf(seenPaths);
    hostilePaths = List.copyOf(hostilePaths);
    if (entryCount < 0 || decompressedBytes < 0) {
      throw new IllegalArgumentException("negative layer statistics");
    }
  }

  /** Writes this index as JSON (field names are the record components); the stream is not closed. */
  public void writeJson(OutputStream out) throws IOException {
    JSON.writeValue(out, this);
  }

  /** This index as a JSON string. */
  public String toJson() throws IOException {
    return JSON.writeValueAsString(this);
  }

  /**
   * Reads an index written by {@link #writeJson}; unknown fields are ignored so that older readers accept
   * newer caches.
   *
   * @throws IOException if the JSON is malformed or misses a required field
   */
  public static LayerIndex readJson(InputStream in) throws IOException {
    return JSON.readValue(in, LayerIndex.class);
  }

  /** Reads an index from a JSON string. */
  public static LayerIndex fromJson(String json) throws IOException {
    return JSON.readValue(json, LayerIndex.class);
  }
}
