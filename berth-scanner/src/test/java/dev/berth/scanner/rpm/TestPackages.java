package dev.berth.scanner.rpm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helper: a catalogue of rpm headers with known contents, to write into databases of each format. */
final class TestPackages {
  private TestPackages() {}

  /**
   * One package as the test writes it.
   *
   * @param epoch null for no EPOCH tag
   * @param arch null for no ARCH tag
   * @param files how many file names to add, to make the header large
   */
  record Spec(int instance, String name, Integer epoch, String version, String release, String arch,
      String sourceRpm, String modularityLabel, int files) {

    byte[] blob() {
      HeaderBuilder b = HeaderBuilder.pkg(name, epoch, version, release, arch);
      if (sourceRpm != null) {
        b.string(RpmTag.SOURCERPM, sourceRpm);
      }
      if (modularityLabel != null) {
        b.string(RpmTag.MODULARITY_LABEL, modularityLabel);
      }
      if (files > 0) {
        String[] names = new String[files];
        for (int i = 0; i < files; i++) {
          names[i] = "file-" + name + "-" + i + ".so";
        }
        b.stringArray(1117, names); // BASENAMES
        b.int32(1116, new int[files]); // DIRINDEXES
      }
      return b.build();
    }

    /** The line {@code rpm -qa --qf '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH}\n'} prints. */
    String rpmLine() {
      return name + " " + (epoch == null ? 0 : epoch) + " " + version + " " + release + " "
          + (arch == null ? "(none)" : arch);
    }
  }

  /** A varied set: epochs absent, 0 and set; noarch; a module; a large header; a gpg-pubkey. */
  static List<Spec> varied() {
    return List.of(
        new Spec(1, "bash", null, "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm", null, 0),
        new Spec(2, "perl-Time-Local", 2, "1.300", "7.el9", "noarch", "perl-Time-Local-1.300-7.el9.src.rpm",
            null, 0),
        new Spec(3, "nodejs", 1, "18.19.0", "1.module+el9.3.0+21000+a1b2c3d4", "x86_64",
            "nodejs-18.19.0-1.module+el9.3.0+21000+a1b2c3d4.src.rpm", "nodejs:18:9030020231120082734:rhel9", 0),
        new Spec(5, "kernel-core", null, "5.14.0", "362.8.1.el9_3", "x86_64",
            "kernel-5.14.0-362.8.1.el9_3.src.rpm", null, 3000),
        new Spec(6, "tzdata", 0, "2023c", "1.el9", "noarch", "tzdata-2023c-1.el9.src.rpm", null, 0),
        new Spec(7, "gpg-pubkey", null, "fd431d51", "4ae0493b", null, null, null, 0),
        new Spec(9, "python3-pip-wheel", null, "21.2.3", "7.el9", "noarch",
            "python-pip-21.2.3-7.el9.src.rpm", null, 0));
  }

  /** {@code n} small packages, instances 1..n, for tables with many buckets and pages. */
  static List<Spec> many(int n) {
    List<Spec> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new Spec(i, "pkg" + i, i % 3 == 0 ? i : null, "1." + i, "1", "x86_64",
          "src" + (i / 10) + "-1." + i + "-1.src.rpm", null, i % 50 == 0 ? 400 : 0));
    }
    return out;
  }

  /** Instance number → header blob, in catalogue order. */
  static Map<Integer, byte[]> blobs(List<Spec> specs) {
    return specs.stream().collect(Collectors.toMap(Spec::instance, Spec::blob, (a, b) -> a, LinkedHashMap::new));
  }
}
