package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RpmPackageTest {

  private static RpmPackage pkg(OptionalLong epoch, String sourceRpm, String module) {
    return new RpmPackage(1, "nodejs", epoch, "18.19.0", "1.module+el9", "x86_64", sourceRpm, module, "", "");
  }

  @Test
  void sourceRpm_splitsAtTheLastTwoHyphens() {
    assertThat(SourceRpm.parse("util-linux-2.32.1-42.el8_8.src.rpm"))
        .contains(new SourceRpm("util-linux", "2.32.1", "42.el8_8"));
    assertThat(SourceRpm.parse("kernel-5.14.0-362.8.1.el9_3.nosrc.rpm"))
        .contains(new SourceRpm("kernel", "5.14.0", "362.8.1.el9_3"));
    assertThat(SourceRpm.parse("crypto-policies-20210213-1.git5c710c0.fc34.src.rpm")
            .map(SourceRpm::versionRelease))
        .contains("20210213-1.git5c710c0.fc34");
  }

  @Test
  void sourceRpm_malformedNames_areEmpty() {
    assertThat(SourceRpm.parse("")).isEmpty();
    assertThat(SourceRpm.parse("(none)")).isEmpty();
    assertThat(SourceRpm.parse("bash-5.1.8-6.el9.x86_64.rpm")).isEmpty();
    assertThat(SourceRpm.parse("bash-5.1.8.src.rpm")).isEmpty();
    assertThat(SourceRpm.parse("-1-2.src.rpm")).isEmpty();
    assertThat(SourceRpm.parse("bash--2.src.rpm")).isEmpty();
    assertThat(SourceRpm.parse("bash-1-.src.rpm")).isEmpty();
  }

  @Test
  void evr_showsTheEpochOnlyWhenNotZero() {
    assertThat(pkg(OptionalLong.empty(), "", "").evr()).isEqualTo("18.19.0-1.module+el9");
    assertThat(pkg(OptionalLong.of(0), "", "").evr()).isEqualTo("18.19.0-1.module+el9");
    assertThat(pkg(OptionalLong.of(1), "", "").evr()).isEqualTo("1:18.19.0-1.module+el9");
  }

  @Test
  void sourceVersion_carriesTheBinaryEpoch() {
    RpmPackage p = pkg(OptionalLong.of(1), "nodejs-18.19.0-1.module+el9.src.rpm", "");
    assertThat(p.sourceName()).isEqualTo("nodejs");
    assertThat(p.sourceVersion()).isEqualTo("1:18.19.0-1.module+el9");
  }

  @Test
  void source_withoutSourceRpm_isThePackageItself() {
    RpmPackage p = pkg(OptionalLong.of(2), "", "");
    assertThat(p.sourceName()).isEqualTo("nodejs");
    assertThat(p.sourceVersion()).isEqualTo("2:18.19.0-1.module+el9");
  }

  @Test
  void moduleStream_isNameAndStreamOfTheLabel() {
    assertThat(pkg(OptionalLong.empty(), "", "nodejs:18:9030020231120082734:rhel9").moduleStream())
        .contains("nodejs:18");
    assertThat(pkg(OptionalLong.empty(), "", "").moduleStream()).isEmpty();
    assertThat(pkg(OptionalLong.empty(), "", "nodejs").moduleStream()).isEmpty();
  }

  @Test
  void toInstalledPackage_mapsEveryField() {
    InstalledPackage installed = new RpmPackage(3, "libuuid", OptionalLong.empty(), "2.32.1", "42.el8_8",
        "x86_64", "util-linux-2.32.1-42.el8_8.src.rpm", "", "Red Hat, Inc.", "BSD")
        .toInstalledPackage("var/lib/rpm/Packages");

    assertThat(installed).isEqualTo(new InstalledPackage("libuuid", "2.32.1-42.el8_8", Ecosystem.RPM,
        "util-linux", "2.32.1-42.el8_8", "x86_64", "var/lib/rpm/Packages"));
  }

  @Test
  void from_headerWithoutVersion_fails() throws Exception {
    RpmHeader h =
        RpmHeader.parse(new HeaderBuilder().string(RpmTag.NAME, "x").string(RpmTag.RELEASE, "1").build());
    assertThatThrownBy(() -> RpmPackage.from(7, h)).hasMessageContaining("header 7 has no VERSION");
  }
}
