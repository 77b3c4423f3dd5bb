package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  final ConfigLoader loader = new ConfigLoader();

  private BerthConfig load(String yaml, Map<String, String> env, Map<String, Object> flags) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), env, flags);
  }

  @Test
  void defaults_areEmbeddedSqliteAndLocalStorageUnderDataDir() {
    BerthConfig c = loader.load(Optional.empty(), Map.of(), Map.of("DATA_DIR", dir.toString()));
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.dbUri()).isEqualTo("sqlite:///" + dir.resolve("berth.db"));
    assertThat(c.storage()).isEqualTo(new StorageConfig.Local("default", dir.resolve("storage")));
    assertThat(c.serverHostname()).isEmpty();
    assertThat(c.auth().enabled()).isTrue();
    assertThat(c.tls()).isEmpty();
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void quayStorageConfig_isRead() throws Exception {
    BerthConfig c = load("""
        SERVER_HOSTNAME: registry.example.com
        PREFERRED_URL_SCHEME: https
        DISTRIBUTED_STORAGE_CONFIG:
          local_us:
            - LocalStorage
            - storage_path: /datastorage/registry
        DISTRIBUTED_STORAGE_PREFERENCE:
          - local_us
        """, Map.of(), Map.of());
    assertThat(c.storage()).isEqualTo(new StorageConfig.Local("local_us", Path.of("/datastorage/registry")));
    assertThat(c.serverHostname()).contains("registry.example.com");
    assertThat(c.preferredUrlScheme()).isEqualTo("https");
  }

  @Test
  void environment_overridesFile_andFlagsOverrideEnvironment() throws Exception {
    BerthConfig c = load("HTTP_PORT: 1000\nACCESS_LOG: true\n",
        Map.of("BERTH_HTTP_PORT", "2000", "BERTH_ACCESS_LOG", "false"), Map.of());
    assertThat(c.httpPort()).isEqualTo(2000);
    assertThat(c.accessLog()).isFalse();
    BerthConfig flagged = load("HTTP_PORT: 1000\n", Map.of("BERTH_HTTP_PORT", "2000"), Map.of("HTTP_PORT", 3000));
    assertThat(flagged.httpPort()).isEqualTo(3000);
  }

  @Test
  void environment_acceptsYamlFlowValues() {
    BerthConfig c = loader.load(Optional.empty(), Map.of(
        "BERTH_DISTRIBUTED_STORAGE_CONFIG", "{s3ish: [LocalStorage, {storage_path: /srv/blobs}]}",
        "BERTH_DISTRIBUTED_STORAGE_PREFERENCE", "[s3ish]"), Map.of("DATA_DIR", dir.toString()));
    assertThat(c.storage()).isEqualTo(new StorageConfig.Local("s3ish", Path.of("/srv/blobs")));
  }

  @Test
  void unknownQuayKeys_areWarningsNotErrors() throws Exception {
    BerthConfig c = load("FEATURE_BUILD_SUPPORT: false\nREPO_MIRROR_INTERVAL: 30\nHTTP_PORT: 9000\n",
        Map.of(), Map.of());
    assertThat(c.httpPort()).isEqualTo(9000);
    assertThat(c.warnings()).containsExactly(
        "unknown configuration key FEATURE_BUILD_SUPPORT ignored", "unknown configuration key REPO_MIRROR_INTERVAL ignored");
  }

  @Test
  void invalidValues_failNamingTheKey() {
    assertThatThrownBy(() -> load("HTTP_PORT: abc\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("HTTP_PORT:");
    assertThatThrownBy(() -> load("HTTP_PORT: 70000\n", Map.of(), Map.of()))
        .hasMessageStartingWith("HTTP_PORT:");
    assertThatThrownBy(() -> load("PREFERRED_URL_SCHEME: gopher\n", Map.of(), Map.of()))
        .hasMessageStartingWith("PREFERRED_URL_SCHEME:");
    assertThatThrownBy(() -> load("DB_URI: oracle://x/y\n", Map.of(), Map.of()))
        .hasMessageStartingWith("DB_URI:");
    assertThatThrownBy(() -> load("ACCESS_LOG: maybe\n", Map.of(), Map.of()))
        .hasMessageStartingWith("ACCESS_LOG:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {a: [LocalStorage, {}]}\n", Map.of(), Map.of()))
        .hasMessageStartingWith("DISTRIBUTED_STORAGE_CONFIG.a.storage_path:");
    assertThatThrownBy(() -> load("DISTRIBUTED_STORAGE_CONFIG: {a: [FancyStorage, {}]}\n", Map.of(), Map.of()))
        .hasMessageStartingWith("DISTRIBUTED_STORAGE_CONFIG.a:");
    assertThatThrownBy(() -> load(
        "DISTRIBUTED_STORAGE_CONFIG: {a: [LocalStorage, {storage_path: /x}]}\nDISTRIBUTED_STORAGE_PREFERENCE: [b]\n",
        Map.of(), Map.of()))
        .hasMessageStartingWith("DISTRIBUTED_STORAGE_PREFERENCE[0]:");
    assertThatThrownBy(() -> loader.load(Optional.empty(), Map.of("BERTH_HTTP_PORT", "[1, 2"), Map.of()))
        .hasMessageStartingWith("BERTH_HTTP_PORT:");
  }

  @Test
  void malformedYamlOrMissingFile_failNamingTheFile() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "HTTP_PORT: [unclosed\n");
    assertThatThrownBy(() -> loader.load(Optional.of(bad), Map.of(), Map.of()))
        .hasMessageStartingWith(bad.toString());
    assertThatThrownBy(() -> loader.load(Optional.of(dir.resolve("none.yaml")), Map.of(), Map.of()))
        .hasMessageContaining("not found");
    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "- a\n- b\n");
    assertThatThrownBy(() -> loader.load(Optional.of(list), Map.of(), Map.of()))
        .hasMessageContaining("mapping");
  }

  @Test
  void quayDatabaseUris_becomeJdbcUrlsWithTheCredentialsApart() {
    DatabaseUri pg = DatabaseUri.parse("postgresql://quay:s%40cret@db.example:5433/quay");
    assertThat(pg.vendor()).isEqualTo(DatabaseUri.Vendor.POSTGRESQL);
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/quay");
    assertThat(pg.user()).isEqualTo("quay");
    assertThat(pg.password()).isEqualTo("s@cret");
    assertThat(pg.toString()).doesNotContain("s@cret").doesNotContain("cret");
    DatabaseUri my = DatabaseUri.parse("mysql+pymysql://root:pw@127.0.0.1/berth");
    assertThat(my.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1/berth");
    DatabaseUri lite = DatabaseUri.parse("sqlite:///var/lib/berth.db");
    assertThat(lite.jdbcUrl()).isEqualTo("jdbc:sqlite:var/lib/berth.db");
    assertThat(DatabaseUri.parse("jdbc:postgresql://h/db?password=x").toString()).doesNotContain("=x");
  }

  @Test
  void trustedProxies_areReadAsAddressesAndRanges_fromTheFileOrTheEnvironment() throws Exception {
    BerthConfig c = load("TRUSTED_PROXIES:\n  - 10.0.0.0/8\n  - 192.0.2.7\n", Map.of(), Map.of());
    assertThat(c.trustedProxies()).containsExactly(IpRange.parse("10.0.0.0/8"), IpRange.parse("192.0.2.7"));
    BerthConfig fromEnv = load("", Map.of("BERTH_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"), Map.of());
    assertThat(fromEnv.trustedProxies()).containsExactly(IpRange.parse("10.0.0.0/8"), IpRange.parse("fd00::/8"));
    assertThat(load("# nothing set\n", Map.of(), Map.of()).trustedProxies()).as("an empty file: defaults").isEmpty();
  }

  @Test
  void trustedProxies_thatAreNotAddresses_areRefused_namingTheKey() {
    assertThatThrownBy(() -> load("TRUSTED_PROXIES: [lb.example.com]\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("TRUSTED_PROXIES")
        .hasMessageContaining("lb.example.com");
  }
}
