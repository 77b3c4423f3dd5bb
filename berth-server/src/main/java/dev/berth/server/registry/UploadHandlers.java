package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.AccessPolicy;
import dev.berth.server.access.Action;
import dev.berth.server.http.Exchange;
import dev.berth.server.registry.Rows.BlobRow;
import dev.berth.server.registry.Rows.UploadRow;
import dev.berth.server.storage.UploadId;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** {@code POST /v2/<name>/blobs/uploads/} and {@code GET|PATCH|PUT|DELETE} on an upload session. */
final class UploadHandlers {
  private final Uploads uploads;
  private final Blobs blobs;
  private final AccessPolicy access;

  UploadHandlers(Uploads uploads, Blobs blobs, AccessPolicy access) {
    this.uploads = uploads;
    this.blobs = blobs;
    this.access = access;
  }

  /** Mount, monolithic upload, or a new session: in that order of preference. */
  void start(Exchange ex, RepositoryName name, String unused) throws IOException {
    Optional<String> mount = ex.query("mount");
    if (mount.isPresent()) {
      Digest digest = Digest.parse(mount.get());
      Optional<RepositoryName> from = ex.query("from").filter(RepositoryName::isValid).map(RepositoryName::parse);
      Optional<BlobRow> mounted =
          blobs.mount(name, digest, from, source -> access.allows(ex.principal(), source, Action.PULL),
              ex.principal());
      if (mounted.isPresent()) {
        created(ex, name, digest);
        return;
      }
    }
    Optional<String> digestParam = ex.query("digest");
    if (digestParam.isPresent()) {
      Digest digest = Digest.parse(digestParam.get());
      uploads.monolithic(name, digest, Body.of(ex), ex.principal());
      created(ex, name, digest);
      return;
    }
    DigestAlgorithm algorithm = ex.query("digest-algorithm")
        .map(a -> DigestAlgorithm.byId(a).orElseThrow(() -> new RegistryException(ErrorCode.DIGEST_INVALID,
            "unsupported digest algorithm", Map.of("algorithm", a.length() > 32 ? a.substring(0, 32) : a))))
        .orElse(DigestAlgorithm.SHA256);
    UploadRow row = uploads.start(name, algorithm, ex.principal());
    progress(ex, name, row);
    ex.send(202);
  }

  void status(Exchange ex, RepositoryName name, String id) throws IOException {
    progress(ex, name, uploads.status(name, id));
    ex.send(204);
  }

  void patch(Exchange ex, RepositoryName name, String id) throws IOException {
    try {
      Optional<ByteRange> range = contentRange(ex, name, id);
      UploadRow row = uploads.append(name, id, range, Body.of(ex));
      progress(ex, name, row);
      ex.send(202);
    } catch (RegistryException e) {
      whereToContinue(ex, name, id, e);
      throw e;
    }
  }

  void complete(Exchange ex, RepositoryName name, String id) throws IOException {
    String digestParam = ex.query("digest").orElseThrow(() -> new RegistryException(ErrorCode.DIGEST_INVALID,
        "the digest parameter is required to complete an upload"));
    Digest digest = Digest.parse(digestParam);
    try {
      Optional<ByteRange> range = contentRange(ex, name, id);
      uploads.complete(name, id, digest, range, Body.of(ex));
    } catch (RegistryException e) {
      whereToContinue(ex, name, id, e);
      throw e;
    }
    created(ex, name, digest);
  }

  /**
   * A 416 leaves the upload alive: it says where the client continues ({@code Location}, {@code Docker-Upload-UUID};
   * {@code Range} travels in the error). Other failures name no session, which may be gone.
   */
  private static void whereToContinue(Exchange ex, RepositoryName name, String id, RegistryException e) {
    if (e.code() == ErrorCode.RANGE_INVALID && UploadId.isValid(id)) { // never echo an arbitrary id
      ex.setHeader("Location", "/v2/" + name.value() + "/blobs/uploads/" + id);
      ex.setHeader("Docker-Upload-UUID", id);
    }
  }

  void cancel(Exchange ex, RepositoryName name, String id) throws IOException {
    uploads.cancel(name, id);
    ex.send(204);
  }

  private Optional<ByteRange> contentRange(Exchange ex, RepositoryName name, String id) {
    Optional<String> header = ex.header("Content-Range");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Optional<ByteRange> range = ByteRange.parseContentRange(header.get());
    if (range.isEmpty()) {
      UploadRow row = uploads.status(name, id);
      throw new RegistryException(ErrorCode.RANGE_INVALID, "malformed Content-Range",
          Map.of("range", ByteRange.uploadProgress(row.size())));
    }
    return range;
  }

  private static void progress(Exchange ex, RepositoryName name, UploadRow row) {
    ex.setHeader("Location", "/v2/" + name.value() + "/blobs/uploads/" + row.id().value());
    ex.setHeader("Range", ByteRange.uploadProgress(row.size()));
    ex.setHeader("Docker-Upload-UUID", row.id().value());
  }

  private static void created(Exchange ex, RepositoryName name, Digest digest) throws IOException {
    ex.setHeader("Location", "/v2/" + name.value() + "/blobs/" + digest.value());
    ex.setHeader("Docker-Content-Digest", digest.value());
    ex.send(201);
  }
}
