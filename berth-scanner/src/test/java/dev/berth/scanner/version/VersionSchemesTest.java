package dev.berth.scanner.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VersionSchemesTest {

  @ParameterizedTest
  @EnumSource(Ecosystem.class)
  void of_givesEveryEcosystemTheOrderingItNames(Ecosystem ecosystem) {
    assertThat(VersionSchemes.of(ecosystem.scheme()).kind()).isEqualTo(ecosystem.scheme());
  }

  @ParameterizedTest
  @EnumSource(VersionScheme.Kind.class)
  void of_returnsOneSharedInstancePerKind(VersionScheme.Kind kind) {
    assertThat(VersionSchemes.of(kind)).isSameAs(VersionSchemes.of(kind));
    assertThat(VersionSchemes.of(kind).kind()).isEqualTo(kind);
  }

  @Test
  void namedAccessors_matchOf() {
    assertThat(VersionSchemes.dpkg()).isSameAs(VersionSchemes.of(VersionScheme.Kind.DPKG));
    assertThat(VersionSchemes.apk()).isSameAs(VersionSchemes.of(VersionScheme.Kind.APK));
    assertThat(VersionSchemes.rpm()).isSameAs(VersionSchemes.of(VersionScheme.Kind.RPM));
    assertThat(VersionSchemes.maven()).isSameAs(VersionSchemes.of(VersionScheme.Kind.MAVEN));
    assertThat(VersionSchemes.pep440()).isSameAs(VersionSchemes.of(VersionScheme.Kind.PEP440));
    assertThat(VersionSchemes.semver()).isSameAs(VersionSchemes.of(VersionScheme.Kind.SEMVER));
    assertThat(VersionSchemes.go()).isSameAs(VersionSchemes.of(VersionScheme.Kind.GO));
  }

  @Test
  void semverAndGo_differOnlyWhereGoSaysSo() {
    assertThat(VersionSchemes.go().isValid("v1.2")).isTrue();
    assertThat(VersionSchemes.semver().isValid("v1.2")).isFalse();
    assertThat(VersionSchemes.semver().isValid(" v1.2.3 ")).isTrue();
    assertThat(VersionSchemes.go().isValid(" v1.2.3 ")).isFalse();
  }
}
