package dev.berth.scanner.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayerPathsTest {
  @ParameterizedTest
  @CsvSource({
      "etc/os-release, etc/os-release",
      "./etc/os-release, etc/os-release",
      "/etc/os-release, etc/os-release",
      "//etc///os-release, etc/os-release",
      "etc/./os-release, etc/os-release",
      "usr/../etc/os-release, etc/os-release",
      "a/b/c/../../d, a/d",
      "etc/, etc",
      "./, ''",
      "., ''",
      "/, ''",
      "..., ...",
      "..a/.b/c.., ..a/.b/c..",
      "a/..., a/..."})
  void normalize_resolvesWithinTheRoot(String raw, String expected) {
    assertThat(LayerPaths.normalize(raw)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../etc/passwd", "/../etc/passwd", "a/../../b", "./../x", "a/b/../../../c"})
  void normalize_refusesNamesAboveTheRoot(String raw) {
    assertThat(LayerPaths.normalize(raw)).isEqualTo(Optional.empty());
  }

  @Test
  void outerFile_cutsAtTheFirstNestedSeparator() {
    assertThat(LayerPaths.outerFile("app/x.war!/WEB-INF/lib/y.jar!/META-INF/pom.properties"))
        .isEqualTo("app/x.war");
    assertThat(LayerPaths.outerFile("var/lib/dpkg/status")).isEqualTo("var/lib/dpkg/status");
  }

  @Test
  void isAtOrBelowAndIsBelow_respectSegmentBoundaries() {
    assertThat(LayerPaths.isAtOrBelow("var/lib/dpkg", "var/lib")).isTrue();
    assertThat(LayerPaths.isAtOrBelow("var/lib", "var/lib")).isTrue();
    assertThat(LayerPaths.isAtOrBelow("var/library", "var/lib")).isFalse();
    assertThat(LayerPaths.isAtOrBelow("anything", "")).isTrue();
    assertThat(LayerPaths.isBelow("var/lib", "var/lib")).isFalse();
    assertThat(LayerPaths.isBelow("var/lib/x", "var/lib")).isTrue();
    assertThat(LayerPaths.isBelow("x", "")).isTrue();
  }
}
