package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.InstalledPackage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code go version -m BINARY} (the Go toolchain's own reader) says a binary should report. */
final class GoVersionOracle {
  private static final Pattern RELEASE = Pattern.compile("go(\\d+\\.\\d+\\.\\d+)");

  private GoVersionOracle() {}

  /** The raw output of {@code go version -m}. */
  static String goVersionM(Path go, Path binary) {
    return MachineTools.run(go.toString(), "version", "-m", binary.toString());
  }

  /**
   * The packages the finder must report for a binary, from {@code go version -m} output: {@code stdlib} at the
   * release (all test binaries are go1.X.Y releases) and every {@code mod}/{@code dep} line with its {@code =>}
   * replacement applied, without {@code (devel)} and local-directory modules.
   */
  static List<InstalledPackage> expected(String output, String layerPath) {
    String[] lines = output.split("\n");
    String goVersion = lines[0].substring(lines[0].lastIndexOf(": ") + 2).strip();
    Matcher release = RELEASE.matcher(goVersion);
    assertThat(release.matches()).as("go version %s is a release", goVersion).isTrue();
    List<InstalledPackage> out = new ArrayList<>();
    out.add(InstalledPackage.of("stdlib", "v" + release.group(1), Ecosystem.GO, layerPath));
    for (int i = 1; i < lines.length; i++) {
      String[] cols = lines[i].split("\t", -1);
      if (cols.length < 4 || !(cols[1].equals("mod") || cols[1].equals("dep"))) {
        continue;
      }
      String path = cols[2];
      String version = cols[3];
      if (i + 1 < lines.length && lines[i + 1].startsWith("\t=>\t")) {
        String[] rep = lines[i + 1].split("\t", -1);
        path = rep[2];
        version = rep[3];
      }
      if (!version.isEmpty() && !version.equals("(devel)")) {
        out.add(InstalledPackage.of(path, version, Ecosystem.GO, layerPath));
      }
    }
    return out;
  }
}
