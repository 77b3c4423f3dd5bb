package dev.berth.scanner.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseKeyTest {

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "debian, 12, bookworm, debian:12",
    "debian, 11.9, bullseye, debian:11",
    "debian, '', trixie, debian:13",
    "debian, '', sid, debian:unstable",
    "alpine, 3.18.4, '', alpine:v3.18",
    "alpine, 3.19_alpha20230901, '', alpine:edge",
    "wolfi, 20230201, '', wolfi:rolling",
    "ubuntu, 22.04, jammy, ubuntu:22.04",
  })
  void of_derivesTheFeedKey_fromOsRelease(String id, String versionId, String codename, String key) {
    Distribution d = new Distribution(id, versionId, codename, "", "", "");
    assertThat(ReleaseKey.of(d)).hasValue(ReleaseKey.parse(key));
  }

  @Test
  void of_isEmpty_whenTheReleaseIsUnknown() {
    assertThat(ReleaseKey.of(new Distribution("debian", "", "", "", "", ""))).isEmpty();
    assertThat(ReleaseKey.of(new Distribution("debian", "", "hamm", "", "", ""))).isEmpty();
    assertThat(ReleaseKey.of(new Distribution("alpine", "", "", "", "", ""))).isEmpty();
  }

  @Test
  void parse_roundTrips_andRejectsMalformedKeys() {
    assertThat(ReleaseKey.parse("alpine:v3.18").toString()).isEqualTo("alpine:v3.18");
    assertThatThrownBy(() -> ReleaseKey.parse("debian")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReleaseKey.parse("Debian:12")).isInstanceOf(IllegalArgumentException.class);
  }
}
