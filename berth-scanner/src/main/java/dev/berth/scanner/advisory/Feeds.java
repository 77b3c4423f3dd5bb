package dev.berth.scanner.advisory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The door to advisory feeds: tells what a file is and reads it into {@link Advisory} values, streaming
 * where feeds are large (OSV zips entry by entry, the Debian tracker one source package at a time).
 *
 * <p>JSON feeds may be gzip-compressed. Reading never touches the network.
 */
public final class Feeds {
  /** The largest single OSV record read from a zip or directory; real records are well under 1 MiB. */
  static final int MAX_OSV_RECORD_BYTES = 32 << 20;

  private static final Set<String> SECDB_KEYS =
      Set.of("distroversion", "reponame", "urlprefix", "apkurl", "archs", "packages");
  private static final Set<String> OSV_KEYS = Set.of("schema_version", "id", "modified", "published",
      "withdrawn", "aliases", "related", "upstream", "summary", "details", "severity", "affected", "references",
      "credits", "database_specific");
  private static final Set<String> TRACKER_CVE_KEYS = Set.of("releases", "description", "scope", "debianbug");

  private Feeds() {}

  /**
   * Tells what kind of feed {@code path} holds, by its content.
   *
   * @throws FeedFormatException if it is none of the kinds Berth reads
   * @throws IOException if it cannot be read
   */
  public static FeedKind detect(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return FeedKind.OSV_DIRECTORY;
    }
    byte[] magic;
    try (InputStream in = Files.newInputStream(path)) {
      magic = in.readNBytes(4);
    }
    if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      try (ZipFile zip = new ZipFile(path.toFile())) {
        return zip.getEntry(AdvisoryBundle.MANIFEST) != null ? FeedKind.BERTH_BUNDLE : FeedKind.OSV_ZIP;
      }
    }
    try (InputStream in = open(path)) {
      return detectJson(in, path.getFileName().toString());
    }
  }

  /**
   * Reads any supported feed, detecting its kind; a Berth bundle is verified first and yields one summary
   * per source it holds.
   *
   * @param sink receives each advisory, in feed order
   * @return what was read, one summary per feed
   * @throws FeedFormatException if the file is not a well-formed feed of a supported kind
   * @throws InvalidBundleException if a bundle fails verification
   */
  public static List<FeedSummary> read(Path path, Consumer<? super Advisory> sink) throws IOException {
    FeedKind kind = detect(path);
    if (kind == FeedKind.BERTH_BUNDLE) {
      return AdvisoryBundle.read(path, sink);
    }
    return List.of(read(path, kind, sink));
  }

  /**
   * Reads a feed of a known kind other than a bundle.
   *
   * @throws FeedFormatException if the file is not a well-formed feed of that kind
   * @throws IllegalArgumentException if {@code kind} is {@link FeedKind#BERTH_BUNDLE}
   */
  public static FeedSummary read(Path path, FeedKind kind, Consumer<? super Advisory> sink) throws IOException {
    String name = path.getFileName().toString();
    if (kind == FeedKind.OSV_DIRECTORY) {
      return readOsvDirectory(path, sink);
    }
    try (InputStream in = kind == FeedKind.OSV_ZIP ? Files.newInputStream(path) : open(path)) {
      return read(in, name, kind, sink);
    }
  }

  /**
   * Reads a feed of a known kind from a stream, which is not closed. A JSON feed may be gzip-compressed, as
   * from a file: a bundle carries such a feed as it was exported.
   *
   * @param name the feed's name, for messages and the summary
   * @throws IllegalArgumentException if {@code kind} is a directory or a bundle, which are not streams
   */
  public static FeedSummary read(InputStream in, String name, FeedKind kind, Consumer<? super Advisory> sink)
      throws IOException {
    Tally tally = new Tally(name, kind);
    InputStream unclosed = new BufferedInputStream(new NonClosing(in), 1 << 16);
    if (kind != FeedKind.OSV_ZIP) {
      unclosed = gunzipIfGzip(unclosed);
    }
    try {
      switch (kind) {
        case OSV_RECORD -> new OsvReader(tally).read(Json.MAPPER.readTree(unclosed), name, sink);
        case OSV_ZIP -> readOsvZip(unclosed, name, new OsvReader(tally), sink);
        case DEBIAN_TRACKER -> new DebianTrackerReader(tally).read(unclosed, name, sink);
        case ALPINE_SECDB -> new AlpineSecdbReader(tally).read(unclosed, name, sink);
        default -> throw new IllegalArgumentException(kind + " cannot be read from a stream");
      }
    } catch (JsonProcessingException e) {
      throw malformed(name, e);
    }
    return tally.summary();
  }

  private static void readOsvZip(InputStream in, String name, OsvReader reader, Consumer<? super Advisory> sink)
      throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
      if (!e.isDirectory() && e.getName().endsWith(".json")) {
        readOsvRecord(zip, name + "!" + e.getName(), reader, sink);
      }
    }
  }

  private static FeedSummary readOsvDirectory(Path dir, Consumer<? super Advisory> sink) throws IOException {
    Tally tally = new Tally(dir.getFileName().toString(), FeedKind.OSV_DIRECTORY);
    OsvReader reader = new OsvReader(tally);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        readOsvRecord(in, f.toString(), reader, sink);
      }
    }
    return tally.summary();
  }

  private static void readOsvRecord(InputStream in, String where, OsvReader reader,
      Consumer<? super Advisory> sink) throws IOException {
    byte[] bytes = in.readNBytes(MAX_OSV_RECORD_BYTES + 1);
    if (bytes.length > MAX_OSV_RECORD_BYTES) {
      throw new FeedFormatException(where + ": OSV record larger than " + MAX_OSV_RECORD_BYTES + " bytes");
    }
    JsonNode record;
    try {
      record = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw malformed(where, e);
    }
    if (record == null) {
      throw new FeedFormatException(where + ": empty file");
    }
    reader.read(record, where, sink);
  }

  /** Opens a file, transparently decompressing gzip. */
  static InputStream open(Path path) throws IOException {
    return gunzipIfGzip(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
  }

  private static InputStream gunzipIfGzip(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  static FeedKind detectJson(InputStream in, String name) throws IOException {
    try (JsonParser p = Json.MAPPER.createParser(new NonClosing(in))) {
      if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
        throw unknown(name);
      }
      String first = p.currentName();
      if (SECDB_KEYS.contains(first)) {
        return FeedKind.ALPINE_SECDB;
      } else if (OSV_KEYS.contains(first)) {
        return FeedKind.OSV_RECORD;
      }
      // Tracker: {"pkg": {"CVE-…": {"releases": …, "description": …}}}
      if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
          && p.nextToken() == JsonToken.START_OBJECT) {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          if (TRACKER_CVE_KEYS.contains(p.currentName())) {
            return FeedKind.DEBIAN_TRACKER;
          }
          p.nextToken();
          p.skipChildren();
        }
      }
      throw unknown(name);
    } catch (JsonProcessingException e) {
      throw new FeedFormatException(name + ": not JSON, a zip or a directory: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSON error of a feed, naming it; the nesting and size limits are told apart from malformed JSON. */
  private static FeedFormatException malformed(String where, JsonProcessingException e) {
    String what = e instanceof StreamConstraintsException ? "JSON beyond Berth's limits" : "malformed JSON";
    return new FeedFormatException(where + ": " + what + ": " + e.getOriginalMessage(), e);
  }

  private static FeedFormatException unknown(String name) {
    return new FeedFormatException(name + ": not a feed Berth reads (OSV record, OSV zip or directory, Debian "
        + "security tracker JSON, Alpine secdb, Berth bundle)");
  }

  /** Keeps parsers and zip readers from closing a caller's stream. */
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
