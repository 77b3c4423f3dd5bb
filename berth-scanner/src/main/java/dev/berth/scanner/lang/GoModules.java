package dev.berth.scanner.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The modules a Go binary was built from, read from its module information text the way
 * {@code runtime/debug.ParseBuildInfo} reads it, and the toolchain's version as a module version.
 */
final class GoModules {
  // golang.org/x/vuln's GoTagToSemver (from pkgsite's stdlib.VersionForTag).
  private static final Pattern GO_TAG = Pattern.compile("go(\\d+\\.\\d+)(\\.\\d+|)((beta|rc|-pre)(\\d+))?");

  private GoModules() {}

  /**
   * One module as the binary should be matched: a Go module path and version.
   *
   * @param path the module path
   * @param version the module version ({@code v1.2.3}, a pseudo-version)
   */
  record Module(String path, String version) {}

  /**
   * The modules to report: the main module ({@code mod} line) and each dependency ({@code dep} line), with a
   * {@code =>} replacement applied, as govulncheck applies it. A module with no usable version is left out: the
   * main module built from a work tree ({@code (devel)}) and a replacement by a local directory (a path without a
   * version), since neither can be compared with an advisory. Malformed lines are skipped.
   */
  static List<Module> modules(String modInfo) {
    List<String[]> mods = new ArrayList<>();
    String[] last = null;
    int lineStart = 0;
    for (int nl = modInfo.indexOf('\n'); nl >= 0; lineStart = nl + 1, nl = modInfo.indexOf('\n', lineStart)) {
      String line = modInfo.substring(lineStart, nl);
      if (line.startsWith("mod\t") || line.startsWith("dep\t")) {
        String[] elem = line.substring(4).split("\t", -1);
        last = elem.length == 2 || elem.length == 3 ? new String[] {elem[0], elem[1], null, null} : null;
        if (last != null) {
          mods.add(last);
        }
      } else if (line.startsWith("=>\t")) {
        String[] elem = line.substring(3).split("\t", -1);
        if (last != null && elem.length == 3) {
          last[2] = elem[0];
          last[3] = elem[1];
        }
        last = null;
      }
    }
    List<Module> out = new ArrayList<>();
    for (String[] m : mods) {
      boolean replaced = m[2] != null;
      String path = replaced ? m[2] : m[0];
      String version = replaced ? m[3] : m[1];
      if (!path.isEmpty() && !version.isEmpty() && !version.equals("(devel)")) {
        out.add(new Module(path, version));
      }
    }
    return out;
  }

  /**
   * The Go toolchain's version as a module version, as the Go vulnerability database writes it:
   * {@code go1.19.8} is {@code v1.19.8}, {@code go1.21} is {@code v1.21.0}, {@code go1.21rc2} is
   * {@code v1.21.0-rc.2}; anything after a space ({@code X:boringcrypto}) is ignored.
   *
   * @return the version, or empty for a development toolchain ({@code devel +abc…}) or an unknown form
   */
  static Optional<String> stdlibVersion(String goVersion) {
    String[] fields = goVersion.strip().split("\\s+");
    String tag = fields[0];
    if (tag.equals("go1")) {
      return Optional.of("v1.0.0");
    }
    Matcher m = GO_TAG.matcher(tag);
    if (tag.equals("go1.0") || !m.matches()) {
      return Optional.empty();
    }
    StringBuilder v = new StringBuilder("v").append(m.group(1));
    v.append(m.group(2).isEmpty() ? ".0" : m.group(2));
    if (m.group(3) != null) {
      if (!m.group(4).startsWith("-")) {
        v.append('-');
      }
      v.append(m.group(4)).append('.').append(m.group(5));
    }
    return Optional.of(v.toString());
  }
}
