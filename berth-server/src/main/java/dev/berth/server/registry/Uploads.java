package dev.berth.server.registry;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.oci.RepositoryName;
import dev.berth.server.access.Principal;
import dev.berth.server.coordination.Coordination;
import dev.berth.server.db.Database;
import dev.berth.server.registry.Rows.BlobRow;
import dev.berth.server.registry.Rows.RepositoryRow;
import dev.berth.server.registry.Rows.UploadRow;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.UploadAppender;
import dev.berth.server.storage.UploadId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob uploads: sessions in the database, bytes in the blob store, the running hash in memory. Each chunk
 * streams once through the hash into storage. Progress is made durable (fsync, then the row) at the end of every
 * chunk and every {@link #CHECKPOINT_BYTES} within one, so after a crash the session reports, and continues
 * from, what survived.
 *
 * <p>Only one request at a time writes an upload's bytes, across nodes: it holds the coordinator's lease on the
 * upload ({@link #LEASE_TTL}, renewed while it streams) and checks, once it has it, that the session is still
 * where the request found it. Without that, two requests that found the session at the same offset on two nodes
 * both wrote there, and the bytes the loser wrote could end up under the winner's digest. A node that dies
 * holding the lease blocks the upload until the lease expires; when the coordinator cannot be reached, writes go
 * on without the lease.
 */
final class Uploads {
  static final long CHECKPOINT_BYTES = 64L << 20;
  static final Duration LEASE_TTL = Duration.ofSeconds(15);
  private static final int LOCK_STRIPES = 64;

  private final Database db;
  private final Repositories repositories;
  private final UploadStore uploads;
  private final BlobIndex blobs;
  private final BlobStore store;
  private final HashStates hashes;
  private final Clock clock;
  private final Duration linkGrace;
  private final AtomicInteger inProgress;
  private final Coordination coordination;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  Uploads(Database db, Repositories repositories, UploadStore uploads, BlobIndex blobs, BlobStore store,
      HashStates hashes, Clock clock, Duration linkGrace, AtomicInteger inProgress, Coordination coordination) {
    this.db = db;
    this.repositories = repositories;
    this.uploads = uploads;
    this.blobs = blobs;
    this.store = store;
    this.hashes = hashes;
    this.clock = clock;
    this.linkGrace = linkGrace;
    this.inProgress = inProgress;
    this.coordination = coordination;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Opens a session; the repository is created on first push. */
  UploadRow start(RepositoryName name, DigestAlgorithm algorithm, Principal pusher) {
    RepositoryRow repo = repositories.ensure(name, pusher);
    MessageDigest md = algorithm.newMessageDigest();
    UploadRow row = new UploadRow(UploadId.random(), repo.id(), algorithm, 0, hex(clone(md)), clock.millis());
    db.write(h -> {
      uploads.insert(h, row, clock.millis());
      return null;
    });
    hashes.put(row.id(), 0, md);
    return row;
  }

  /** The session, or {@code BLOB_UPLOAD_UNKNOWN} when it does not exist in this repository. */
  UploadRow status(RepositoryName name, String rawId) {
    if (!UploadId.isValid(rawId)) {
      throw unknownUpload(rawId);
    }
    UploadId id = new UploadId(rawId);
    Optional<RepositoryRow> repo = repositories.find(name);
    Optional<UploadRow> row = db.read(h -> uploads.find(h, id));
    if (repo.isEmpty() || row.isEmpty() || row.get().repositoryId() != repo.get().id()) {
      throw unknownUpload(rawId);
    }
    return row.get();
  }

  /** Appends a chunk; {@code range}, when given, must start where the upload ends (else 416). */
  UploadRow append(RepositoryName name, String rawId, Optional<ByteRange> range, Body body) throws IOException {
    return locked(rawId, () -> {
      UploadRow row = status(name, rawId);
      ChunkRanges.check(row, range, body);
      return doAppend(row, ChunkRanges.exactly(row, range, body));
    });
  }

  /**
   * Appends an optional last chunk, verifies the whole upload against {@code expected}, and makes it a blob of
   * the repository. An upload whose content does not match {@code expected} has failed, as the specification and
   * Distribution have it: its session and bytes are dropped, so a retry gets {@code BLOB_UPLOAD_UNKNOWN} and
   * starts over instead of appending its body a second time.
   */
  BlobRow complete(RepositoryName name, String rawId, Digest expected, Optional<ByteRange> range, Body body)
      throws IOException {
    return locked(rawId, () -> {
      UploadRow row = status(name, rawId);
      if (range.isPresent() || body.declaredLength() != 0) {
        ChunkRanges.check(row, range, body);
        row = doAppend(row, ChunkRanges.exactly(row, range, body));
      }
      try {
        return finish(row, expected);
      } catch (RegistryException e) {
        if (e.code() == ErrorCode.DIGEST_INVALID) {
          discard(row, e);
        }
        throw e;
      }
    });
  }

  /** Stores a whole blob from one request body ({@code POST ?digest=}). */
  BlobRow monolithic(RepositoryName name, Digest expected, Body body, Principal pusher) throws IOException {
    UploadRow row = start(name, expected.algorithm(), pusher);
    return locked(row.id().value(), () -> {
      try {
        return finish(doAppend(row, body), expected);
      } catch (IOException | RuntimeException e) {
        discard(row, e); // the client never learnt this session's id, so nobody could resume or cancel it
        throw e;
      }
    });
  }

  /** Drops a failed session, keeping {@code cause} the failure the client hears of. */
  private void discard(UploadRow row, Exception cause) {
    try {
      drop(row);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private void drop(UploadRow row) throws IOException {
    db.write(h -> uploads.delete(h, row.id()));
    hashes.remove(row.id());
    store.deleteUpload(row.id());
  }

  /** Runs {@code work} holding this node's lock of upload {@code id} (other nodes are kept out by its lease). */
  private <T> T locked(String id, IoWork<T> work) throws IOException {
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }

  @FunctionalInterface
  private interface IoWork<T> {
    T run() throws IOException;
  }

  /** Ends a session and drops its bytes. */
  void cancel(RepositoryName name, String rawId) throws IOException {
    locked(rawId, () -> {
      drop(status(name, rawId));
      return null;
    });
  }


  private UploadRow doAppend(UploadRow row, Body body) throws IOException {
    try (WriteLease lease = writeLease(row)) {
      return doAppend(row, body, lease);
    }
  }

  private UploadRow doAppend(UploadRow row, Body body, WriteLease lease) throws IOException {
    MessageDigest md = hashes.take(row.id(), row.size()).orElseGet(() -> rehash(row));
    long[] persisted = {row.size()};
    long[] sinceCheckpoint = {0};
    long newSize;
    inProgress.incrementAndGet();
    try (UploadAppender appender = store.appendUpload(row.id(), row.size())) {
      body.read(chunk -> {
        lease.check();
        int n = chunk.remaining();
        md.update(chunk.duplicate());
        appender.write(chunk);
        sinceCheckpoint[0] += n;
        if (sinceCheckpoint[0] >= CHECKPOINT_BYTES) {
          persisted[0] = persist(row, persisted[0], appender.sync(), md);
          sinceCheckpoint[0] = 0;
        }
      });
      lease.check();
      newSize = appender.sync();
      persist(row, persisted[0], newSize, md);
    } catch (IOException | RuntimeException e) {
      hashes.remove(row.id()); // the hash may now cover bytes that were not made durable
      throw e;
    } finally {
      inProgress.decrementAndGet();
    }
    hashes.put(row.id(), newSize, md);
    return new UploadRow(row.id(), row.repositoryId(), row.algorithm(), newSize, hex(clone(md)), row.createdMs());
  }

  /**
   * Takes the upload's lease and checks that nobody moved the session since {@code row} was read.
   *
   * @throws RegistryException {@code BLOB_UPLOAD_INVALID} when another request holds the lease or moved the upload
   */
  private WriteLease writeLease(UploadRow row) {
    WriteLease held = WriteLease.take(coordination, row.id(), LEASE_TTL);
    try {
      Optional<UploadRow> now = db.read(h -> uploads.find(h, row.id()));
      if (now.isEmpty() || now.get().size() != row.size()) {
        throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload was changed concurrently",
            Map.of("upload", row.id().value()));
      }
      return held;
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
  }

  private long persist(UploadRow row, long expectedSize, long newSize, MessageDigest md) {
    String prefix = hex(clone(md));
    boolean advanced = db.write(h -> uploads.advance(h, row.id(), expectedSize, newSize, prefix, clock.millis()));
    if (!advanced) {
      throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload was changed concurrently",
          Map.of("upload", row.id().value()));
    }
    return newSize;
  }

  private BlobRow finish(UploadRow row, Digest expected) throws IOException {
    Digest actual;
    try {
      actual = digestOf(row, expected.algorithm());
    } catch (NoSuchFileException e) {
      return finishAfterCrash(row, expected);
    }
    if (!actual.equals(expected)) {
      throw new RegistryException(ErrorCode.DIGEST_INVALID, "provided digest did not match uploaded content",
          Map.of("digest", expected.value()));
    }
    store.commitUpload(row.id(), row.size(), actual);
    return link(row, actual);
  }

  // A crash between moving the bytes into place and recording the blob leaves the upload row and the blob file:
  // a retried PUT finds the bytes already committed under the digest and records them.
  private BlobRow finishAfterCrash(UploadRow row, Digest expected) throws IOException {
    if (store.size(expected).filter(s -> s == row.size()).isEmpty()) {
      throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload data is missing; restart the upload",
          Map.of("upload", row.id().value()));
    }
    return link(row, expected);
  }

  private BlobRow link(UploadRow row, Digest digest) {
    long now = clock.millis();
    BlobRow blob = db.write(h -> {
      BlobRow b = blobs.insertIfAbsent(h, digest, row.size(), now);
      blobs.link(h, row.repositoryId(), b.id(), now, now + linkGrace.toMillis());
      uploads.delete(h, row.id());
      return b;
    });
    hashes.remove(row.id());
    return blob;
  }

  private Digest digestOf(UploadRow row, DigestAlgorithm algorithm) throws IOException {
    if (algorithm == row.algorithm()) {
      Optional<MessageDigest> held = hashes.take(row.id(), row.size());
      MessageDigest md = held.isPresent() ? held.get() : rehashChecked(row);
      return Digest.of(algorithm, md.digest());
    }
    // The client names another algorithm than the session hashed with: hash the stored bytes again with it.
    MessageDigest md = algorithm.newMessageDigest();
    hashStored(row, md);
    return Digest.of(algorithm, md.digest());
  }

  private MessageDigest rehash(UploadRow row) {
    try {
      return rehashChecked(row);
    } catch (IOException e) {
      throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload data is unreadable; restart the upload",
          Map.of("upload", row.id().value()));
    }
  }

  private MessageDigest rehashChecked(UploadRow row) throws IOException {
    MessageDigest md = row.algorithm().newMessageDigest();
    hashStored(row, md);
    if (!hex(clone(md)).equals(row.prefixDigest())) {
      throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "stored upload data is corrupt; restart the upload",
          Map.of("upload", row.id().value()));
    }
    return md;
  }

  private void hashStored(UploadRow row, MessageDigest md) throws IOException {
    if (row.size() == 0) {
      return;
    }
    try (InputStream in = store.readUpload(row.id(), row.size())) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
  }

  private ReentrantLock lockFor(String id) {
    return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
  }

  private static MessageDigest clone(MessageDigest md) {
    try {
      return (MessageDigest) md.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's digests are cloneable", e);
    }
  }

  private static String hex(MessageDigest md) {
    return HexFormat.of().formatHex(md.digest());
  }

  static RegistryException unknownUpload(String id) {
    return new RegistryException(ErrorCode.BLOB_UPLOAD_UNKNOWN, "blob upload unknown to registry",
        Map.of("upload", id.length() > 64 ? id.substring(0, 64) : id));
  }
}
