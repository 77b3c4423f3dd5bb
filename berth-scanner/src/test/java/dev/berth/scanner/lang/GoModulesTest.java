package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoModulesTest {

  @ParameterizedTest
  @CsvSource({
      "go1.19.8, v1.19.8",
      "go1.21, v1.21.0",
      "go1.21rc2, v1.21.0-rc.2",
      "go1.18beta1, v1.18.0-beta.1",
      "go1.9.2rc2, v1.9.2-rc.2",
      "go1, v1.0.0",
      "'go1.20.3 X:boringcrypto', v1.20.3",
  })
  void stdlibVersion_goTag_becomesModuleVersion(String goVersion, String expected) {
    assertThat(GoModules.stdlibVersion(goVersion)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({"'devel go1.22-abc123 Tue Jan 2 15:04:05 2024 +0000'", "go1.0", "gccgo", "''"})
  void stdlibVersion_developmentOrUnknown_isEmpty(String goVersion) {
    assertThat(GoModules.stdlibVersion(goVersion)).isEqualTo(Optional.empty());
  }

  @Test
  void modules_replacementApplied_localAndDevelSkipped() {
    String info = """
        path\texample.com/cmd/tool
        mod\texample.com/tool\tv1.4.0\th1:x=
        dep\tgithub.com/a/b\tv1.0.0\th1:y=
        dep\tgithub.com/c/d\tv0.3.0
        =>\tgithub.com/fork/d\tv0.3.1\th1:z=
        dep\tgithub.com/e/f\tv2.0.0+incompatible
        =>\t../f\t\t
        dep\tgithub.com/g/h\tv0.0.0-20230101000000-abcdefabcdef\th1:w=
        build\t-compiler=gc
        """;

    assertThat(GoModules.modules(info)).containsExactly(
        new GoModules.Module("example.com/tool", "v1.4.0"),
        new GoModules.Module("github.com/a/b", "v1.0.0"),
        new GoModules.Module("github.com/fork/d", "v0.3.1"),
        new GoModules.Module("github.com/g/h", "v0.0.0-20230101000000-abcdefabcdef"));
  }

  @Test
  void modules_develMainModule_isSkipped() {
    assertThat(GoModules.modules("mod\texample.com/x\t(devel)\t\n")).isEmpty();
  }

  @Test
  void modules_malformedLines_areSkipped_lastLineWithoutNewlineIgnoredAsGoDoes() {
    String info = "dep\tonly-one-column\n=>\torphan\tv1\t\ndep\ta\tv1\tsum\textra\ndep\tok\tv1.0.0\th1:s=\n"
        + "dep\tunterminated\tv9.9.9";

    assertThat(GoModules.modules(info)).containsExactly(new GoModules.Module("ok", "v1.0.0"));
  }
}
