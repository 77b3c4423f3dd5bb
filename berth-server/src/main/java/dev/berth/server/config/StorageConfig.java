package dev.berth.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where blobs live: the location named first in {@code DISTRIBUTED_STORAGE_PREFERENCE}, as described in
 * {@code DISTRIBUTED_STORAGE_CONFIG} (Quay's keys and driver names).
 */
public sealed interface StorageConfig {

  /** The location's name in {@code DISTRIBUTED_STORAGE_CONFIG} ({@code default}). */
  String location();

  /**
   * Quay's {@code LocalStorage}: blobs on the local filesystem.
   *
   * @param location the location name
   * @param root the directory ({@code storage_path})
   */
  record Local(String location, Path root) implements StorageConfig {
    public Local {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(root, "root");
    }
  }

  /**
   * Quay's {@code S3Storage} and {@code RadosGWStorage}: blobs in a bucket of Amazon S3 or of an S3-compatible
   * server (Ceph RGW, MinIO). {@link #toString()} leaves the keys out, so the record can be logged.
   *
   * @param location the location name
   * @param driver {@code S3Storage} or {@code RadosGWStorage}, for messages
   * @param endpoint the server's base URL; empty for Amazon S3's regional endpoint
   * @param region the signing region
   * @param bucket the bucket ({@code s3_bucket} or {@code bucket_name})
   * @param storagePath the key prefix inside the bucket, without leading slash, empty or ending in a slash
   * @param keys static credentials; empty to use the SDK's default chain (environment, profile, instance role)
   * @param pathStyle whether the bucket goes into the path rather than the host name
   * @param redirectDownloads whether blob GETs are answered with a redirect to a presigned URL
   * @param serverSideAssembly whether chunks are joined with server-side copies ({@code UploadPartCopy}) rather
   *     than read back and uploaded again
   */
  record S3(String location, String driver, Optional<URI> endpoint, String region, String bucket,
      String storagePath, Optional<Keys> keys, boolean pathStyle, boolean redirectDownloads,
      boolean serverSideAssembly) implements StorageConfig {
    public S3 {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(driver, "driver");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(storagePath, "storagePath");
      Objects.requireNonNull(keys, "keys");
      if (storagePath.startsWith("/") || !(storagePath.isEmpty() || storagePath.endsWith("/"))) {
        throw new IllegalArgumentException("storagePath must be empty or a relative prefix ending in /");
      }
    }

    @Override
    public String toString() {
      return "S3[location=" + location + ", driver=" + driver + ", endpoint="
          + endpoint.map(URI::toString).orElse("aws") + ", region=" + region + ", bucket=" + bucket
          + ", storagePath=" + storagePath + ", credentials=" + (keys.isPresent() ? "static" : "default chain")
          + ", pathStyle=" + pathStyle + ", redirectDownloads=" + redirectDownloads
          + ", serverSideAssembly=" + serverSideAssembly + "]";
    }
  }

  /** An access key pair; {@link #toString()} shows neither part. */
  record Keys(String accessKey, String secretKey) {
    public Keys {
      Objects.requireNonNull(accessKey, "accessKey");
      Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String toString() {
      return "Keys[hidden]";
    }
  }
}
