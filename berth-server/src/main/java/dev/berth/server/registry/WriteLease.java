package dev.berth.server.registry;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.coordination.Coordination;
import dev.berth.server.storage.UploadId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An upload's lease while one request writes it, so that two requests (on any nodes) never append to the same
 * upload at once; without a reachable coordinator, none (the database's size check still refuses a second writer
 * when it commits).
 */
final class WriteLease implements AutoCloseable {
  private final Coordination coordination;
  private final Duration ttl;
  private final long renewAfterNanos;
  private Coordination.Lease lease;
  private long renewedNanos = System.nanoTime();

  private WriteLease(Coordination coordination, Duration ttl, Coordination.Lease lease) {
    this.coordination = coordination;
    this.ttl = ttl;
    this.renewAfterNanos = ttl.toNanos() / 3;
    this.lease = lease;
  }

  /**
   * Takes the lease of upload {@code id} for {@code ttl}.
   *
   * @throws RegistryException {@code BLOB_UPLOAD_INVALID} when another request holds it
   */
  static WriteLease take(Coordination coordination, UploadId id, Duration ttl) {
    String name = "upload:" + id.value();
    Optional<Coordination.Lease> lease = coordination.tryLease(name, ttl);
    if (lease.isEmpty() && coordination.isHealthy()) {
      lease = coordination.tryLease(name, ttl); // the first try may have met a back-off the check ended
      if (lease.isEmpty()) {
        throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID,
            "the upload is being written by another request; retry later", Map.of("upload", id.value()));
      }
    }
    return new WriteLease(coordination, ttl, lease.orElse(null));
  }

  /** Renews the lease when a third of it has passed; fails the request, before it writes, if it was lost. */
  void check() {
    if (lease == null || System.nanoTime() - renewedNanos < renewAfterNanos) {
      return;
    }
    if (lease.renew(ttl)) {
      renewedNanos = System.nanoTime();
    } else if (coordination.isHealthy()) {
      throw new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID,
          "the upload was taken over by another request while this one stalled; continue from its progress",
          Map.of());
    } else {
      lease = null; // the coordinator went away: go on without it, as writes started without it do
    }
  }

  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }
}
