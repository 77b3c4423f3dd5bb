package dev.berth.scanner.advisory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The offline advisory bundle for air-gapped sites: one zip file holding {@code manifest.json},
 * {@code manifest.sha256} and the feed files themselves under {@code payloads/}.
 *
 * <p><b>Payloads are the original feed files</b>, not a normalised form. The bundle therefore has no second
 * advisory format to version and keep compatible; a bundle is re-read by the importing Berth's own readers,
 * so reader fixes apply to old bundles; and a payload's SHA-256 can be compared with the upstream file's. A
 * directory of OSV records is packed into one OSV zip payload. OSV zips are stored as they are, JSON payloads
 * deflated.
 *
 * <p><b>Verification.</b> {@link #verify} checks, before any advisory is read: that {@code manifest.json}
 * matches {@code manifest.sha256}; that the manifest is well formed and of a supported version; that the
 * bundle holds exactly the listed payloads; and every payload's size and SHA-256. Reading then checks the
 * record counts and, while streaming, the SHA-256 again. These checks detect corruption and casual
 * tampering, not a determined forger who rewrites all the sums: authenticity needs a signature over the
 * bundle file made and checked out of band.
 */
public final class AdvisoryBundle {
  static final String MANIFEST = "manifest.json";
  static final String MANIFEST_SUM = "manifest.sha256";
  private static final int MAX_MANIFEST_BYTES = 1 << 20;

  private AdvisoryBundle() {}

  /** {@link #export(List, Path, Clock)} with the system clock. */
  public static BundleManifest export(List<Path> feedFiles, Path out) throws IOException {
    return export(feedFiles, out, Clock.systemUTC());
  }

  /**
   * Writes a bundle of the given feed files (each of any kind {@link Feeds#detect} knows, except a bundle),
   * atomically: {@code out} is either the complete bundle or untouched.
   *
   * @return the manifest written
   * @throws FeedFormatException if a file is not a well-formed feed; each is read once to count its records
   * @throws IllegalArgumentException if {@code feedFiles} is empty or holds a bundle
   */
  public static BundleManifest export(List<Path> feedFiles, Path out, Clock clock) throws IOException {
    if (feedFiles.isEmpty()) {
      throw new IllegalArgumentException("no feed files to export");
    }
    Path dir = out.toAbsolutePath().getParent();
    List<Path> temps = new ArrayList<>();
    Path tmp = Files.createTempFile(dir, ".berth-bundle-", ".tmp");
    temps.add(tmp);
    try {
      List<BundleManifest.Source> sources = new ArrayList<>();
      List<Path> payloadFiles = new ArrayList<>();
      for (int i = 0; i < feedFiles.size(); i++) {
        Path f = feedFiles.get(i);
        FeedKind kind = Feeds.detect(f);
        if (kind == FeedKind.BERTH_BUNDLE) {
          throw new IllegalArgumentException(f + " is a bundle; export its feed files instead");
        }
        String fingerprint;
        Path payload = f;
        if (kind == FeedKind.OSV_DIRECTORY) {
          fingerprint = "sha256:" + Digests.ofDirectory(f);
          payload = Files.createTempFile(dir, ".berth-osv-", ".zip");
          temps.add(payload);
          OsvZips.pack(f, payload);
          kind = FeedKind.OSV_ZIP;
        } else {
          fingerprint = "sha256:" + Digests.of(f).sha256();
        }
        FeedSummary summary = Feeds.read(payload, kind, a -> {});
        Digests.Hashed h = Digests.of(payload);
        String entry = String.format("payloads/%d-%s", i + 1, safeName(f.getFileName().toString(), kind));
        sources.add(new BundleManifest.Source(kind, f.getFileName().toString(), fingerprint, entry, h.sha256(),
            h.size(), summary.records(), summary.advisories()));
        payloadFiles.add(payload);
      }
      BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION,
          clock.instant().truncatedTo(ChronoUnit.SECONDS), sources);
      write(tmp, manifest, payloadFiles);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return manifest;
    } finally {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  /**
   * Verifies a bundle completely (see the class comment) without reading advisories.
   *
   * @return its manifest
   * @throws InvalidBundleException naming the file that fails
   */
  public static BundleManifest verify(Path bundle) throws IOException {
    try (ZipFile zip = open(bundle)) {
      return verify(zip, bundle.getFileName().toString());
    }
  }

  /**
   * Verifies a bundle, then reads every payload into {@code sink}.
   *
   * @return one summary per payload, in manifest order
   * @throws InvalidBundleException if verification fails, or a payload yields other counts than the
   *     manifest states or changes while it is read
   */
  public static List<FeedSummary> read(Path bundle, Consumer<? super Advisory> sink) throws IOException {
    String where = bundle.getFileName().toString();
    try (ZipFile zip = open(bundle)) {
      BundleManifest manifest = verify(zip, where);
      List<FeedSummary> out = new ArrayList<>();
      for (BundleManifest.Source s : manifest.sources()) {
        MessageDigest md = Digests.sha256();
        FeedSummary summary;
        try (InputStream in = new DigestInputStream(zip.getInputStream(zip.getEntry(s.payload())), md)) {
          summary = Feeds.read(in, s.fileName(), s.kind(), sink);
          in.transferTo(OutputStream.nullOutputStream());
        } catch (ZipException e) {
          throw new InvalidBundleException(where + ": " + s.payload() + " is corrupt: " + e.getMessage(), e);
        }
        if (!Digests.hex(md.digest()).equals(s.sha256())) {
          throw new InvalidBundleException(where + ": " + s.payload() + " changed while it was read");
        }
        if (summary.records() != s.records() || summary.advisories() != s.advisories()) {
          throw new InvalidBundleException(String.format("%s: %s: manifest says %d records and %d advisories, "
              + "the payload holds %d and %d", where, s.payload(), s.records(), s.advisories(),
              summary.records(), summary.advisories()));
        }
        out.add(summary);
      }
      return out;
    }
  }

  /** Verifies and reads a bundle into an {@link AdvisoryDb}. */
  public static AdvisoryDb load(Path bundle) throws IOException {
    return AdvisoryDb.load(List.of(bundle));
  }

  private static BundleManifest verify(ZipFile zip, String where) throws IOException {
    byte[] manifestBytes = entryBytes(zip, MANIFEST, where);
    String sum = new String(entryBytes(zip, MANIFEST_SUM, where), StandardCharsets.US_ASCII).strip();
    String expected = sum.split("\\s+")[0];
    String actual = Digests.of(manifestBytes);
    if (!actual.equals(expected)) {
      throw new InvalidBundleException(where + ": " + MANIFEST + " does not match " + MANIFEST_SUM
          + " (expected sha256 " + expected + ", content has " + actual
          + "): the manifest was altered or corrupted");
    }
    BundleManifest manifest = BundleManifest.parse(manifestBytes, where);
    Set<String> listed = new HashSet<>(List.of(MANIFEST, MANIFEST_SUM));
    manifest.sources().forEach(s -> listed.add(s.payload()));
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      String name = en.nextElement().getName();
      if (!listed.contains(name)) {
        throw new InvalidBundleException(where + ": " + name + " is not listed in the manifest");
      }
    }
    for (BundleManifest.Source s : manifest.sources()) {
      ZipEntry e = zip.getEntry(s.payload());
      if (e == null) {
        throw new InvalidBundleException(where + ": " + s.payload() + " is listed in the manifest but missing");
      }
      Digests.Hashed h;
      try (InputStream in = zip.getInputStream(e)) {
        h = Digests.of(in);
      } catch (ZipException | EOFException ex) {
        throw new InvalidBundleException(where + ": " + s.payload() + " is corrupt: " + ex.getMessage(), ex);
      }
      if (!h.sha256().equals(s.sha256()) || h.size() != s.size()) {
        throw new InvalidBundleException(String.format("%s: %s does not match the manifest (sha256 %s, %d bytes "
            + "expected; content has sha256 %s, %d bytes)", where, s.payload(), s.sha256(), s.size(), h.sha256(),
            h.size()));
      }
    }
    return manifest;
  }

  private static void write(Path tmp, BundleManifest manifest, List<Path> payloads) throws IOException {
    byte[] json = manifest.toJson();
    byte[] sum = (Digests.of(json) + "  " + MANIFEST + "\n").getBytes(StandardCharsets.US_ASCII);
    Instant t = manifest.created();
    try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
      putStored(zip, MANIFEST, json, t);
      putStored(zip, MANIFEST_SUM, sum, t);
      for (int i = 0; i < payloads.size(); i++) {
        BundleManifest.Source s = manifest.sources().get(i);
        ZipEntry e = new ZipEntry(s.payload());
        e.setTime(t.toEpochMilli());
        if (s.kind() == FeedKind.OSV_ZIP) {
          e.setMethod(ZipEntry.STORED);
          e.setSize(s.size());
          e.setCompressedSize(s.size());
          e.setCrc(Digests.of(payloads.get(i)).crc32());
        }
        zip.putNextEntry(e);
        Files.copy(payloads.get(i), zip);
        zip.closeEntry();
      }
      zip.finish();
      file.flush();
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void putStored(ZipOutputStream zip, String name, byte[] bytes, Instant t) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(t.toEpochMilli());
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }

  private static byte[] entryBytes(ZipFile zip, String name, String where) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new InvalidBundleException(where + ": bundle has no " + name);
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] b = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (b.length > MAX_MANIFEST_BYTES) {
        throw new InvalidBundleException(
            where + ": " + name + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
      }
      return b;
    } catch (ZipException ex) {
      throw new InvalidBundleException(where + ": " + name + " is corrupt: " + ex.getMessage(), ex);
    }
  }

  private static ZipFile open(Path bundle) throws IOException {
    try {
      return new ZipFile(bundle.toFile());
    } catch (ZipException e) {
      throw new InvalidBundleException(
          bundle.getFileName() + ": not a readable bundle zip: " + e.getMessage(), e);
    }
  }

  private static String safeName(String name, FeedKind kind) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
    if (s.isEmpty()) {
      s = "feed";
    }
    return kind == FeedKind.OSV_ZIP && !s.endsWith(".zip") ? s + ".zip" : s;
  }
}
