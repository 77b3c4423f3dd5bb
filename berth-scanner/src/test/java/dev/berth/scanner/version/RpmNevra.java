package dev.berth.scanner.version;

import java.util.Comparator;

/**
 * Test-side reading of {@code name-[epoch:]version-release[.arch]} strings, as claircore's NEVRA vectors
 * are written: name, then EVR with the scheme, then arch. Only the EVR part is the scheme's business.
 */
record RpmNevra(String name, String evr, String arch) {
  static final Comparator<String> ORDER = (a, b) -> {
    RpmNevra x = parse(a);
    RpmNevra y = parse(b);
    int c = x.name.compareTo(y.name);
    if (c == 0) {
      c = VersionSchemes.rpm().compare(x.evr, y.evr);
    }
    if (c == 0) {
      c = x.arch.compareTo(y.arch);
    }
    return c;
  };

  static RpmNevra parse(String s) {
    int releaseDash = s.lastIndexOf('-');
    String releaseArch = s.substring(releaseDash + 1);
    int dot = releaseArch.lastIndexOf('.');
    String release = dot < 0 ? releaseArch : releaseArch.substring(0, dot);
    String arch = dot < 0 ? "" : releaseArch.substring(dot + 1);
    int versionDash = s.lastIndexOf('-', releaseDash - 1);
    String name = versionDash < 0 ? "" : s.substring(0, versionDash);
    String version = s.substring(versionDash + 1, releaseDash);
    return new RpmNevra(name, version + "-" + release, arch);
  }
}
