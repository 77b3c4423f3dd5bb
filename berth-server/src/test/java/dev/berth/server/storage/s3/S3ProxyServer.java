package dev.berth.server.storage.s3;

import dev.berth.server.config.StorageConfig;
import dev.berth.server.testing.LocalS3;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3-compatible server of the storage tests: {@link LocalS3} (S3Proxy on loopback) plus the configurations the
 * S3 store and the registry are built from.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = LocalS3.ACCESS_KEY;
  static final String SECRET_KEY = LocalS3.SECRET_KEY;
  static final String REGION = LocalS3.REGION;

  private final LocalS3 s3;

  private S3ProxyServer(LocalS3 s3) {
    this.s3 = s3;
  }

  static S3ProxyServer start() throws Exception {
    return new S3ProxyServer(LocalS3.start());
  }

  URI endpoint() {
    return s3.endpoint();
  }

  int port() {
    return s3.port();
  }

  /** A plain SDK client of the server, for looking behind the store's back. */
  S3Client client() {
    return s3.client();
  }

  void createBucket(String bucket) {
    s3.createBucket(bucket);
  }

  /** The store's configuration as the config reader makes it for {@code RadosGWStorage} on this server. */
  StorageConfig.S3 config(String bucket, String storagePath, boolean redirect, boolean serverSideAssembly) {
    return new StorageConfig.S3("test", "RadosGWStorage", Optional.of(endpoint()), REGION, bucket, storagePath,
        Optional.of(new StorageConfig.Keys(ACCESS_KEY, SECRET_KEY)), true, redirect, serverSideAssembly);
  }

  /** Quay-style configuration keys for a registry storing in {@code bucket} here, as {@code S3Storage}. */
  Map<String, Object> registryConfig(String bucket, Map<String, Object> extraParameters) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("s3_bucket", bucket);
    params.put("storage_path", "/registry");
    params.put("s3_access_key", ACCESS_KEY);
    params.put("s3_secret_key", SECRET_KEY);
    params.put("s3_region", REGION);
    params.put("endpoint_url", endpoint().toString());
    params.putAll(extraParameters);
    return Map.of(
        "DISTRIBUTED_STORAGE_CONFIG", Map.of("s3_local", List.of("S3Storage", params)),
        "DISTRIBUTED_STORAGE_PREFERENCE", List.of("s3_local"));
  }

  @Override
  public void close() throws Exception {
    s3.close();
  }
}
