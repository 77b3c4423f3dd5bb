package dev.berth.server.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server shared by several Berth nodes: S3Proxy (from Maven Central) on a free loopback
 * port, storing into a temporary directory, checking AWS signatures against one key pair. {@link #main} runs it
 * as a process of its own, for the benchmarks.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "berth-cluster-access-key";
  public static final String SECRET_KEY = "berth-cluster-secret-7Hq2";
  public static final String REGION = "us-east-1";

  private final Path dir;
  private final boolean ownsDir;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private LocalS3(Path dir, boolean ownsDir, S3Proxy proxy, URI endpoint, S3Client client) {
    this.dir = dir;
    this.ownsDir = ownsDir;
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.client = client;
  }

  /** Starts a server on a free port over a new temporary directory, deleted on close. */
  public static LocalS3 start() throws Exception {
    return start(Files.createTempDirectory("berth-s3-"), 0, true);
  }

  private static LocalS3 start(Path dir, int port, boolean ownsDir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", properties))
        .endpoint(URI.create("http://127.0.0.1:" + port))
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
    return new LocalS3(dir, ownsDir, proxy, endpoint, client);
  }

  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return endpoint.getPort();
  }

  /** A plain SDK client of the server, for looking behind Berth's back. */
  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** Deletes every object of {@code bucket}, then the bucket. */
  public void deleteBucket(String bucket) {
    ListObjectsV2Response page;
    do {
      page = client.listObjectsV2(b -> b.bucket(bucket));
      for (S3Object o : page.contents()) {
        client.deleteObject(b -> b.bucket(bucket).key(o.key()));
      }
    } while (page.isTruncated());
    client.listMultipartUploads(b -> b.bucket(bucket)).uploads().forEach(u -> client.abortMultipartUpload(
        b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
    client.deleteBucket(b -> b.bucket(bucket));
  }

  /** The number of objects under {@code prefix} in {@code bucket}. */
  public int objectCount(String bucket, String prefix) {
    return client.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).keyCount();
  }

  /** Quay's configuration keys for a Berth storing in {@code bucket} under {@code storagePath} here. */
  public Map<String, Object> storageConfig(String bucket, String storagePath) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("s3_bucket", bucket);
    params.put("storage_path", storagePath);
    params.put("s3_access_key", ACCESS_KEY);
    params.put("s3_secret_key", SECRET_KEY);
    params.put("s3_region", REGION);
    params.put("endpoint_url", endpoint.toString());
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
      if (ownsDir) {
        TestRegistry.deleteTree(dir);
      }
    }
  }

  /**
   * Runs the server until the process is killed: {@code LocalS3 DIR PORT BUCKET...} stores under DIR, listens on
   * 127.0.0.1:PORT (0 for any), creates the buckets, and prints {@code s3 listening on port N} and the keys.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LocalS3 DIR PORT BUCKET...");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    LocalS3 s3 = start(dir, Integer.parseInt(args[1]), false);
    for (int i = 2; i < args.length; i++) {
      s3.createBucket(args[i]);
    }
    System.out.println("s3 listening on port " + s3.port() + " access key " + ACCESS_KEY + " secret key "
        + SECRET_KEY);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
