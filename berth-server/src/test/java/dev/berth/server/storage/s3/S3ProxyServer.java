package dev.berth.server.storage.s3;

import dev.berth.server.config.StorageConfig;
import dev.berth.server.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for tests: S3Proxy on a free loopback port, storing into a temporary directory
 * (its {@code filesystem} backend), checking AWS signatures (V2 or V4) against one key pair.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "berth-test-access-key";
  static final String SECRET_KEY = "berth-test-secret-Zq81x";
  static final String REGION = "us-east-1";

  private final Path dir;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private S3ProxyServer(Path dir, S3Proxy proxy, URI endpoint, S3Client client) {
    this.dir = dir;
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.client = client;
  }

  static S3ProxyServer start() throws Exception {
    Path dir = Files.createTempDirectory("berth-s3proxy-");
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", properties))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!"STARTED".equals(proxy.getState())) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(20);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    S3Client client = S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
    return new S3ProxyServer(dir, proxy, endpoint, client);
  }

  URI endpoint() {
    return endpoint;
  }

  int port() {
    return endpoint.getPort();
  }

  /** A plain SDK client of the server, for looking behind the store's back. */
  S3Client client() {
    return client;
  }

  void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** The store's configuration as the config reader makes it for {@code RadosGWStorage} on this server. */
  StorageConfig.S3 config(String bucket, String storagePath, boolean redirect, boolean serverSideAssembly) {
    return new StorageConfig.S3("test", "RadosGWStorage", Optional.of(endpoint), REGION, bucket, storagePath,
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
    params.put("endpoint_url", endpoint.toString());
    params.putAll(extraParameters);
    return Map.of(
        "DISTRIBUTED_STORAGE_CONFIG", Map.of("s3_local", List.of("S3Storage", params)),
        "DISTRIBUTED_STORAGE_PREFERENCE", List.of("s3_local"));
  }

  @Override
  public void close() throws Exception {
    try {
      client.close();
      proxy.stop();
    } finally {
      TestRegistry.deleteTree(dir);
    }
  }
}
