package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The go1.13–1.17 pointer format, on synthetic ELF files checked first against {@code go version -m}: the
 * strings it points at lie before the header in the stream, which the finder must have kept.
 */
class GoPointerFormatTest {
  private static final String MOD_INFO = """
      path\texample.com/oldtool
      mod\texample.com/oldtool\t(devel)\t
      dep\tgolang.org/x/text\tv0.3.7\th1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=
      dep\texample.com/r\tv1.0.0\th1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
      =>\texample.com/r2\tv1.1.0\th1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=
      dep\texample.com/local\tv0.0.1
      =>\t../local\t\t
      """;

  @TempDir Path dir;

  @ParameterizedTest(name = "64-bit={0} big-endian={1} headers-first={2}")
  @CsvSource({"true,false,true", "true,false,false", "false,true,true", "false,true,false", "true,true,false",
      "false,false,true"})
  void find_pointerFormat_reportsWhatGoVersionReports(boolean is64, boolean bigEndian, boolean headersFirst)
      throws IOException {
    Path go = MachineTools.require("go");
    byte[] elf = SyntheticGoElf.pointerFormat(is64, bigEndian, headersFirst, "go1.16.15", MOD_INFO);
    Path file = dir.resolve("oldtool");
    Files.write(file, elf);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String oracle = GoVersionOracle.goVersionM(go, file);
    assertThat(oracle).as("go reads the synthetic file").contains("go1.16.15").contains("golang.org/x/text");

    List<InstalledPackage> found = MachineTools.find(new GoBinaryFinder(), file);

    assertThat(found).containsExactlyElementsOf(GoVersionOracle.expected(oracle, MachineTools.entryFor(file).path()));
    assertThat(found).extracting(InstalledPackage::name)
        .containsExactly("stdlib", "golang.org/x/text", "example.com/r2");
  }

  @ParameterizedTest(name = "64-bit={0}")
  @CsvSource({"true", "false"})
  void find_pointerFormat_readsTheVersionPointedAt_notADecoy(boolean is64) throws IOException {
    byte[] elf = SyntheticGoElf.pointerFormat(is64, false, true, "go1.13.4", MOD_INFO);
    var sink = new CollectingSink();

    new GoBinaryFinder().find(new LayerEntry("bin/oldtool", elf.length, 0755), new ByteArrayInputStream(elf),
        ScanLimits.defaults(), sink);

    assertThat(sink.packages).first().extracting(InstalledPackage::version).isEqualTo("v1.13.4");
  }

  @ParameterizedTest(name = "version at {0}")
  @CsvSource({"65530", "65533", "131069", "200000"})
  void find_stringsStraddlingReadChunks_areStillResolved(int versionAt) throws IOException {
    Path go = MachineTools.require("go");
    StringBuilder info = new StringBuilder("path\texample.com/big\nmod\texample.com/big\tv1.0.0\th1:x=\n");
    for (int i = 0; i < 2000; i++) {
      info.append("dep\texample.com/dep").append(i).append("\tv0.").append(i).append(".0\th1:y=\n");
    }
    byte[] elf = SyntheticGoElf.pointerFormat(true, false, true, "go1.17.13", info.toString(), versionAt);
    Path file = dir.resolve("big");
    Files.write(file, elf);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String oracle = GoVersionOracle.goVersionM(go, file);

    List<InstalledPackage> found = MachineTools.find(new GoBinaryFinder(), file);

    assertThat(found).hasSize(2002)
        .containsExactlyElementsOf(GoVersionOracle.expected(oracle, MachineTools.entryFor(file).path()));
  }
}
