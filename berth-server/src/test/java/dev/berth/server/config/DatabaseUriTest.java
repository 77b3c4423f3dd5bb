package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code DB_URI} in Quay's forms and as JDBC URLs. */
class DatabaseUriTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sqlite:////var/lib/berth/berth.db | SQLITE | jdbc:sqlite:/var/lib/berth/berth.db",
      "sqlite:///berth.db | SQLITE | jdbc:sqlite:berth.db",
      "postgresql://u:p@db.example:5433/quay | POSTGRESQL | jdbc:postgresql://db.example:5433/quay",
      "postgres://u@db.example/quay?sslmode=require | POSTGRESQL | jdbc:postgresql://db.example/quay?sslmode=require",
      "postgresql+psycopg2://u:p@db.example/quay | POSTGRESQL | jdbc:postgresql://db.example/quay",
      "mysql+pymysql://u:p@db.example/quay | MYSQL | jdbc:mariadb://db.example/quay",
      "mysql://u:p@db.example:3307/quay | MYSQL | jdbc:mariadb://db.example:3307/quay",
      "mariadb://u:p@db.example/quay | MYSQL | jdbc:mariadb://db.example/quay",
      "jdbc:mysql://db.example/quay | MYSQL | jdbc:mariadb://db.example/quay",
      "jdbc:postgresql://db.example/quay?user=u | POSTGRESQL | jdbc:postgresql://db.example/quay?user=u"})
  void parse_knownForms(String value, DatabaseUri.Vendor vendor, String jdbc) {
    DatabaseUri uri = DatabaseUri.parse(value);

    assertThat(uri.vendor()).isEqualTo(vendor);
    assertThat(uri.jdbcUrl()).isEqualTo(jdbc);
  }

  @Test
  void parse_takesUserAndPasswordOutOfTheUrl() {
    DatabaseUri uri = DatabaseUri.parse("postgresql://berth:change-me@db.example/quay");

    assertThat(uri.user()).isEqualTo("berth");
    assertThat(uri.password()).isEqualTo("change-me");
    assertThat(uri.toString()).doesNotContain("change-me");
  }

  @Test
  void parse_percentDecodesThePassword_butKeepsAPlusAPlus() {
    // SQLAlchemy (Quay) unquotes with urllib's unquote, not unquote_plus: '+' is a plus, '%20' a space.
    DatabaseUri uri = DatabaseUri.parse("mysql+pymysql://ber%40th:a+b%2Bc%3Ad%2Fe%20f@db.example/quay");

    assertThat(uri.user()).isEqualTo("ber@th");
    assertThat(uri.password()).isEqualTo("a+b+c:d/e f");
  }

  @Test
  void toString_masksAPasswordParameterOfAJdbcUrl() {
    assertThat(DatabaseUri.parse("jdbc:mariadb://db/quay?user=u&password=s3cret&x=1").toString())
        .doesNotContain("s3cret").contains("password=***&x=1");
  }

  @Test
  void parse_rejectsWhatItCannotUse_namingTheKey() {
    for (String bad : new String[] {"", "oracle://db/x", "postgresql://db.example", "jdbc:oracle:thin:@db:1521/x"}) {
      assertThatThrownBy(() -> DatabaseUri.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("DB_URI: ");
    }
  }
}
