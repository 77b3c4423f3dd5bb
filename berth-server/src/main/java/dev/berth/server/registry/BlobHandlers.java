package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.http.Exchange;
import dev.berth.server.registry.Rows.BlobRow;
import dev.berth.server.registry.Rows.ManifestRow;
import dev.berth.server.storage.BlobContent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET|HEAD|DELETE /v2/<name>/blobs/<digest>}. */
final class BlobHandlers {
  private static final Logger log = LoggerFactory.getLogger(BlobHandlers.class);
  private static final String OCTET_STREAM = "application/octet-stream";

  private final Blobs blobs;
  private final Manifests manifests;

  BlobHandlers(Blobs blobs, Manifests manifests) {
    this.blobs = blobs;
    this.manifests = manifests;
  }

  void get(Exchange ex, RepositoryName name, String argument) throws IOException {
    Digest digest = Digest.parse(argument);
    Optional<BlobRow> blob = blobs.find(name, digest);
    if (blob.isEmpty()) {
      // As in Distribution, a manifest is also reachable as a blob of its repository.
      Optional<ManifestRow> manifest = manifests.get(name, digest);
      if (manifest.isEmpty()) {
        throw unknown(digest);
      }
      ex.setHeader("Docker-Content-Digest", digest.value());
      ex.send(200, manifest.get().mediaType(), manifest.get().content());
      return;
    }
    long size = blob.get().size();
    String etag = "\"" + digest.value() + "\"";
    ex.setHeader("Docker-Content-Digest", digest.value());
    ex.setHeader("ETag", etag);
    ex.setHeader("Accept-Ranges", "bytes");
    ex.setHeader("Cache-Control", "max-age=31536000");
    if (ex.sendNotModifiedIfMatches(etag)) {
      return;
    }
    if (!ex.isHead()) {
      Optional<URI> redirect = blobs.redirect(digest);
      if (redirect.isPresent()) {
        ex.setHeader("Location", redirect.get().toString());
        ex.send(307);
        return;
      }
    }
    Optional<DownloadRange> range = DownloadRange.of(ex, digest, size);
    long offset = range.map(DownloadRange::start).orElse(0L);
    long length = range.map(DownloadRange::length).orElse(size);
    if (range.isPresent()) {
      ex.setHeader("Content-Range", "bytes " + range.get().start() + "-" + range.get().end() + "/" + size);
    }
    ex.begin(range.isPresent() ? 206 : 200, OCTET_STREAM, length);
    if (ex.isHead() || length == 0) {
      ex.stream(b -> -1, 0);
      return;
    }
    try (BlobContent content = blobs.open(digest, offset)) {
      ex.stream(content::read, length);
    } catch (NoSuchFileException e) {
      log.atError().addKeyValue("digest", digest.value()).log("blob recorded in the database is missing from storage");
      throw unknown(digest);
    }
  }

  void delete(Exchange ex, RepositoryName name, String argument) throws IOException {
    Digest digest = Digest.parse(argument);
    if (!blobs.unlink(name, digest, ex.principal())) {
      throw unknown(digest);
    }
    ex.send(202);
  }

  private static RegistryException unknown(Digest digest) {
    return new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob unknown to registry", Map.of("digest", digest.value()));
  }
}
