package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quay's {@code S3Storage} and {@code RadosGWStorage} locations in {@code DISTRIBUTED_STORAGE_CONFIG}. */
class S3StorageConfigTest {
  private static final String SECRET = "OL3ABCDEFGHIJKLMN-secret";
  private static final String ACCESS = "ABCDEFGHIJKLMN";

  @TempDir Path dir;
  final ConfigLoader loader = new ConfigLoader();

  private BerthConfig load(String yaml) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), Map.of(), Map.of("DATA_DIR", dir.toString()));
  }

  private StorageConfig.S3 s3(String yaml) throws Exception {
    return (StorageConfig.S3) load(yaml).storage();
  }

  @Test
  void s3Storage_asQuayDocumentsIt_isAmazonS3WithVirtualHostedBuckets() throws Exception {
    StorageConfig.S3 c = s3("""
        DISTRIBUTED_STORAGE_CONFIG:
          default:
            - S3Storage
            - host: s3.us-east-2.amazonaws.com
              s3_region: us-east-2
              s3_access_key: ABCDEFGHIJKLMN
              s3_secret_key: OL3ABCDEFGHIJKLMN-secret
              s3_bucket: quay_bucket
              storage_path: /datastorage/registry
        DISTRIBUTED_STORAGE_DEFAULT_LOCATIONS: []
        DISTRIBUTED_STORAGE_PREFERENCE:
          - default
        """);
    assertThat(c.location()).isEqualTo("default");
    assertThat(c.driver()).isEqualTo("S3Storage");
    assertThat(c.endpoint()).contains(URI.create("https://s3.us-east-2.amazonaws.com"));
    assertThat(c.region()).isEqualTo("us-east-2");
    assertThat(c.bucket()).isEqualTo("quay_bucket");
    assertThat(c.storagePath()).isEqualTo("datastorage/registry/");
    assertThat(c.keys()).contains(new StorageConfig.Keys(ACCESS, SECRET));
    assertThat(c.pathStyle()).isFalse();
    assertThat(c.redirectDownloads()).isTrue();
    assertThat(c.serverSideAssembly()).isTrue();
  }

  @Test
  void s3Storage_onACompatibleServer_usesEndpointUrlOrHostAndPort_withPathStyle() throws Exception {
    StorageConfig.S3 minio = s3("""
        DISTRIBUTED_STORAGE_CONFIG:
          minio: [S3Storage, {s3_bucket: blobs, storage_path: registry, endpoint_url: 'http://127.0.0.1:9000/',
                  s3_access_key: a, s3_secret_key: b, redirect_downloads: false}]
        """);
    assertThat(minio.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(minio.pathStyle()).isTrue();
    assertThat(minio.region()).isEqualTo("us-east-1");
    assertThat(minio.redirectDownloads()).isFalse();

    StorageConfig.S3 hostPort = s3("""
        DISTRIBUTED_STORAGE_CONFIG:
          s3: [S3Storage, {s3_bucket: blobs, host: objects.example.com, port: 8443}]
        """);
    assertThat(hostPort.endpoint()).contains(URI.create("https://objects.example.com:8443"));
    assertThat(hostPort.pathStyle()).isTrue();
    assertThat(hostPort.storagePath()).isEmpty();
    assertThat(hostPort.keys()).isEmpty(); // the SDK's default chain: environment, profile, instance role
  }

  @Test
  void s3Storage_withoutHost_isAmazonS3ByRegion() throws Exception {
    StorageConfig.S3 c = s3("""
        DISTRIBUTED_STORAGE_CONFIG:
          aws: [S3Storage, {s3_bucket: blobs, s3_region: eu-west-1, storage_path: /r/}]
        """);
    assertThat(c.endpoint()).isEmpty();
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.storagePath()).isEqualTo("r/");
  }

  @Test
  void radosGwStorage_withQuaysParameters_isPathStyleOnItsHost() throws Exception {
    StorageConfig.S3 c = s3("""
        DISTRIBUTED_STORAGE_CONFIG:
          ceph:
            - RadosGWStorage
            - hostname: rgw.example.com
              port: 7480
              is_secure: false
              access_key: ABCDEFGHIJKLMN
              secret_key: OL3ABCDEFGHIJKLMN-secret
              bucket_name: quay-datastore
              storage_path: /datastorage/registry
              server_side_assembly: false
        DISTRIBUTED_STORAGE_PREFERENCE: [ceph]
        """);
    assertThat(c.driver()).isEqualTo("RadosGWStorage");
    assertThat(c.endpoint()).contains(URI.create("http://rgw.example.com:7480"));
    assertThat(c.bucket()).isEqualTo("quay-datastore");
    assertThat(c.keys()).contains(new StorageConfig.Keys(ACCESS, SECRET));
    assertThat(c.pathStyle()).isTrue();
    assertThat(c.serverSideAssembly()).isFalse();
    assertThat(s3("DISTRIBUTED_STORAGE_CONFIG: {c: [RadosGWStorage, {hostname: h, access_key: a, secret_key: s,"
        + " bucket_name: b}]}\n").endpoint()).contains(URI.create("https://h"));
  }

  @Test
  void missingOrInvalidParameters_failNamingTheParameter() {
    String at = "DISTRIBUTED_STORAGE_CONFIG.s3.";
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {storage_path: /x}]}\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith(at + "s3_bucket:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [RadosGWStorage, {hostname: h, access_key: a,"
        + " secret_key: s}]}\n")).hasMessageStartingWith(at + "bucket_name:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [RadosGWStorage, {bucket_name: b}]}\n"))
        .hasMessageStartingWith(at + "hostname:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [RadosGWStorage, {hostname: h, bucket_name: b,"
        + " access_key: a}]}\n")).hasMessageStartingWith(at + "secret_key:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b,"
        + " s3_access_key: a}]}\n")).hasMessageStartingWith(at + "s3_secret_key:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b,"
        + " host: 'https://s3.example.com'}]}\n")).hasMessageStartingWith(at + "host:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b,"
        + " endpoint_url: 'ftp://x'}]}\n")).hasMessageStartingWith(at + "endpoint_url:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b, host: h,"
        + " port: 99999}]}\n")).hasMessageStartingWith(at + "port:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b, port: 9000}]}\n"))
        .hasMessageStartingWith(at + "port:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b,"
        + " redirect_downloads: sometimes}]}\n")).hasMessageStartingWith(at + "redirect_downloads:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {s3: [S3Storage, {s3_bucket: b,"
        + " storage_path: a/../b}]}\n")).hasMessageStartingWith(at + "storage_path:");
  }

  @Test
  void secrets_appearNeitherInToStringNorInErrors() throws Exception {
    BerthConfig c = load("""
        DISTRIBUTED_STORAGE_CONFIG:
          s3: [S3Storage, {s3_bucket: b, host: s3.example.com, s3_access_key: ABCDEFGHIJKLMN,
               s3_secret_key: OL3ABCDEFGHIJKLMN-secret}]
        """);
    assertThat(c.storage().toString()).contains("bucket=b").doesNotContain(SECRET).doesNotContain(ACCESS);
    assertThat(c.toString()).doesNotContain(SECRET).doesNotContain(ACCESS);
    assertThat(((StorageConfig.S3) c.storage()).keys().orElseThrow().toString())
        .doesNotContain(SECRET).doesNotContain(ACCESS);

    assertThatThrownBy(() -> load("""
        DISTRIBUTED_STORAGE_CONFIG:
          s3: [S3Storage, {s3_bucket: b, host: h, port: x, s3_access_key: ABCDEFGHIJKLMN,
               s3_secret_key: OL3ABCDEFGHIJKLMN-secret}]
        """)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(ACCESS));
  }

  @Test
  void environmentFlowStyle_configuresS3() {
    BerthConfig c = loader.load(Optional.empty(), Map.of(
        "BERTH_DISTRIBUTED_STORAGE_CONFIG", "{s3: [S3Storage, {s3_bucket: b, endpoint_url: 'http://minio:9000'}]}",
        "BERTH_DISTRIBUTED_STORAGE_PREFERENCE", "[s3]"), Map.of("DATA_DIR", dir.toString()));
    assertThat(c.storage()).isInstanceOfSatisfying(StorageConfig.S3.class,
        s -> assertThat(s.endpoint()).contains(URI.create("http://minio:9000")));
  }
}
