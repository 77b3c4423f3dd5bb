package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The database keys: DB_URI, DB_CONNECTION_POOL_SIZE and DB_CONNECTION_TIMEOUT_S, from file or environment. */
class DatabaseSettingsTest {
  static BerthConfig load(Map<String, String> env, Map<String, Object> values) {
    java.util.Map<String, Object> all = new java.util.HashMap<>(values);
    all.putIfAbsent("DATA_DIR", "/tmp/berth-settings-test");
    return new ConfigLoader().load(Optional.empty(), env, all);
  }

  @Test
  void defaults_areTenConnectionsAndFiveSeconds() {
    BerthConfig c = load(Map.of(), Map.of());

    assertThat(c.dbPoolSize()).isEqualTo(10);
    assertThat(c.dbConnectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.dbUri()).isEqualTo("sqlite:////tmp/berth-settings-test/berth.db");
  }

  @Test
  void environment_setsTheDatabaseKeys() {
    BerthConfig c = load(Map.of("BERTH_DB_URI", "postgresql://berth:pw@db.example:5433/quay",
        "BERTH_DB_CONNECTION_POOL_SIZE", "25", "BERTH_DB_CONNECTION_TIMEOUT_S", "2"), Map.of());

    assertThat(c.dbUri()).isEqualTo("postgresql://berth:pw@db.example:5433/quay");
    assertThat(c.dbPoolSize()).isEqualTo(25);
    assertThat(c.dbConnectionTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void connectionTimeout_belowOneSecond_isRejectedNamingTheKey(int seconds) {
    assertThatThrownBy(() -> load(Map.of(), Map.of("DB_CONNECTION_TIMEOUT_S", seconds)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("DB_CONNECTION_TIMEOUT_S: ");
  }

  @Test
  void poolSize_belowOne_isRejectedNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("DB_CONNECTION_POOL_SIZE", 0)))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("DB_CONNECTION_POOL_SIZE: ");
  }

  @Test
  void unsupportedDbUri_isRejectedNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("DB_URI", "oracle://db/x")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("DB_URI: ");
  }
}
