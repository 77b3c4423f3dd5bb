package dev.berth.scanner.version;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random version-like strings per scheme, built from tokens that hit the corners of each specification
 * (zeros, huge numbers, tildes, carets, qualifiers, separators, case, non-ASCII). Shared by the oracle tests
 * (seeded {@link Random}) and the property tests (jqwik's random source).
 */
final class VersionGenerators {
  private VersionGenerators() {}

  private static final String[] NUMBERS = {
      "0", "1", "2", "3", "9", "10", "01", "00", "007", "123", "2024", "20240101", "4294967296",
      "18446744073709551616", "99999999999999999999999"};

  static String dpkg(Random r) {
    StringBuilder s = new StringBuilder();
    if (r.nextInt(5) == 0) {
      s.append(pick(r, "0", "1", "2", "00", "10")).append(':');
    }
    s.append(r.nextInt(12) == 0 ? pick(r, "a", "~", "+") : pick(r, NUMBERS));
    tokens(r, s, 0, 6, "0", "1", "2", "10", "01", "00", "123", "99999999999999999999", "a", "b", "z", "A", "Z",
        "rc", "dfsg", ".", ".", "+", "~", "~~", "-", ":", "é", "ä");
    if (r.nextBoolean()) {
      s.append('-');
      tokens(r, s, 1, 4, "0", "1", "2", "10", "01", "a", "b", "ubuntu", "deb12u", ".", "+", "~", "~~", "é");
    }
    return s.toString();
  }

  static String apk(Random r) {
    StringBuilder s = new StringBuilder(pick(r, NUMBERS));
    for (int i = r.nextInt(4); i > 0; i--) {
      s.append('.').append(pick(r, NUMBERS));
    }
    // apk-tools 2's letters with digits after them (1.9.5p1, 1.0a1b2).
    int letters = r.nextInt(4) == 0 ? r.nextInt(3) + 1 : 0;
    for (int i = 1; i <= letters; i++) {
      s.append(pick(r, "a", "b", "z"));
      if (i < letters || r.nextBoolean()) {
        s.append(pick(r, NUMBERS));
        if (r.nextInt(4) == 0) {
          s.append('.').append(pick(r, NUMBERS));
        }
      }
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      s.append('_').append(pick(r, "alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"));
      if (r.nextBoolean()) {
        s.append(pick(r, NUMBERS));
      }
    }
    if (r.nextInt(5) == 0) {
      s.append('~').append(pick(r, "0", "1a", "abc", "deadbeef", "00f"));
    }
    if (r.nextBoolean()) {
      s.append("-r").append(pick(r, "0", "1", "2", "10", "01"));
    }
    return s.toString();
  }

  /** Strings apk may or may not accept: its fallback order for invalid ones is exercised too. */
  static String apkNoisy(Random r) {
    StringBuilder s = new StringBuilder();
    tokens(r, s, 1, 8, "0", "1", "2", "10", "01", ".", "a", "b", "_", "alpha", "p", "rc", "~", "abc", "-r", "-",
        "r", "1", "é");
    return s.toString();
  }

  static String rpm(Random r) {
    StringBuilder s = new StringBuilder();
    if (r.nextInt(4) == 0) {
      s.append(pick(r, "0", "1", "2", "01", "", "10")).append(':');
    }
    tokens(r, s, 1, 6, "0", "1", "2", "10", "01", "00", "123", "99999999999999999999", "a", "b", "z", "A", "Z",
        "rc", "el", "fc", ".", ".", "_", "+", "~", "^", "~~", "^^", "é", ":");
    if (r.nextInt(3) > 0) {
      s.append('-');
      tokens(r, s, 0, 4, "0", "1", "2", "10", "01", "el9", "fc39", ".", "_", "~", "^", "a");
    }
    return s.toString();
  }

  static String maven(Random r) {
    StringBuilder s = new StringBuilder();
    tokens(r, s, 1, 8, "0", "1", "2", "10", "01", "00", "123", "2147483648", "0000000000", "9223372036854775808",
        "99999999999999999999", ".", ".", "-", "-", "_", "alpha", "beta", "milestone", "rc", "cr", "snapshot",
        "ga", "final", "release", "sp", "a", "b", "m", "x", "foo", "RC", "SNAPSHOT", "Final", "GA", "é", "١");
    return s.toString();
  }

  /**
   * Maven versions of the shape artifacts use ({@code 1.2.3}, {@code 1.2.3-rc-1}, {@code 1.2.3.Final}):
   * numbers, then at most one known qualifier, with an optional number after a hyphenated one.
   */
  static String mavenConventional(Random r) {
    StringBuilder s = new StringBuilder(pick(r, "0", "1", "2", "10", "01", "2147483648"));
    for (int i = r.nextInt(4); i > 0; i--) {
      s.append('.').append(pick(r, "0", "1", "2", "10", "01", "9223372036854775808"));
    }
    if (r.nextBoolean()) {
      String separator = pick(r, "-", "-", ".");
      s.append(separator).append(pick(r, "alpha", "beta", "milestone", "rc", "cr", "snapshot", "ga", "final",
          "release", "sp", "RC", "SNAPSHOT", "Final"));
      // A dot qualifier ends the version (5.3.27.RELEASE): one followed by a number breaks transitivity.
      s.append(separator.equals(".") ? "" : pick(r, "", "", "1", "2", "-1", "-2", ".1", ".2"));
    } else if (r.nextInt(3) == 0) {
      s.append(pick(r, "-1", "-2", "-a1", "-b2", "-m3"));
    }
    return s.toString();
  }

  static String pep440(Random r) {
    StringBuilder s = new StringBuilder();
    if (r.nextInt(10) == 0) {
      s.append(pick(r, " ", "\t", "\n"));
    }
    if (r.nextInt(8) == 0) {
      s.append(pick(r, "v", "V"));
    }
    if (r.nextInt(6) == 0) {
      s.append(pick(r, "0", "1", "2", "01")).append('!');
    }
    s.append(pick(r, NUMBERS));
    for (int i = r.nextInt(4); i > 0; i--) {
      s.append('.').append(pick(r, "0", "0", "1", "2", "10", "01"));
    }
    if (r.nextInt(3) == 0) {
      s.append(pick(r, "", ".", "-", "_")).append(pick(r, "a", "b", "rc", "c", "alpha", "beta", "pre", "preview",
          "RC", "Alpha")).append(pick(r, "", ".", "-", "_")).append(pick(r, "", "0", "1", "2", "10", "01"));
    }
    if (r.nextInt(3) == 0) {
      s.append(r.nextInt(4) == 0 ? "-" + pick(r, "0", "1", "5")
          : pick(r, "", ".", "-", "_") + pick(r, "post", "rev", "r", "POST") + pick(r, "", ".", "-", "_")
              + pick(r, "", "0", "1", "2", "01"));
    }
    if (r.nextInt(3) == 0) {
      s.append(pick(r, "", ".", "-", "_")).append(pick(r, "dev", "DEV")).append(pick(r, "", ".", "-", "_"))
          .append(pick(r, "", "0", "1", "2", "01"));
    }
    if (r.nextInt(4) == 0) {
      s.append('+').append(pick(r, "abc", "ubuntu", "1", "01", "0", "Z"));
      for (int i = r.nextInt(3); i > 0; i--) {
        s.append(pick(r, ".", "-", "_")).append(pick(r, "abc", "a", "1", "2", "10", "01", "0", "B"));
      }
    }
    if (r.nextInt(10) == 0) {
      s.append(pick(r, " ", "\t", "\n"));
    }
    return s.toString();
  }

  /** PEP 440 versions, about half of them invalid: characters and orders the grammar does not allow. */
  static String pep440Noisy(Random r) {
    if (r.nextBoolean()) {
      return pep440(r);
    }
    StringBuilder s = new StringBuilder();
    tokens(r, s, 1, 7, "1", "0", "2", "01", ".", "-", "_", "!", "+", "a", "b", "rc", "post", "dev", "r", "v", " ",
        "x", "é", "٣", "ſ", "..", "+abc");
    return s.toString();
  }

  static String semver(Random r) {
    StringBuilder s = new StringBuilder();
    if (r.nextInt(8) == 0) {
      s.append('v');
    }
    s.append(semverNumber(r)).append('.').append(semverNumber(r)).append('.').append(semverNumber(r));
    if (r.nextInt(3) > 0) {
      s.append('-');
      identifiers(r, s, "alpha", "beta", "rc", "0", "1", "2", "10", "11", "x-y", "A", "a1", "1a", "--", "-1",
          "9007199254740990");
    }
    if (r.nextInt(4) == 0) {
      s.append('+');
      identifiers(r, s, "build", "001", "sha", "x-1", "0");
    }
    return s.toString();
  }

  static String go(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> "v" + semverNumber(r) + (r.nextBoolean() ? "" : "." + semverNumber(r));
      case 1 -> "v" + semverNumber(r) + "." + semverNumber(r) + "." + semverNumber(r) + "-"
          + pick(r, "", "0.", "pre.0.", "rc.1.0.") + pseudoTime(r) + "-" + pick(r, "abcdefabcdef", "000000000000",
          "ffffffffffff");
      case 2 -> "v" + semverNumber(r) + "." + semverNumber(r) + "." + semverNumber(r) + "+incompatible";
      default -> (r.nextInt(5) == 0 ? "" : "v") + semver(r).replaceFirst("^v", "");
    };
  }

  private static String pseudoTime(Random r) {
    return pick(r, "20190101000000", "20191109021931", "20191109021932", "20200101000000", "00010101000000");
  }

  private static String semverNumber(Random r) {
    return pick(r, "0", "0", "1", "1", "2", "9", "10", "11", "123", "9007199254740991");
  }

  private static void identifiers(Random r, StringBuilder s, String... pool) {
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      s.append(pick(r, pool)).append(i > 1 ? "." : "");
    }
  }

  private static void tokens(Random r, StringBuilder s, int min, int max, String... pool) {
    for (int i = min + r.nextInt(max - min + 1); i > 0; i--) {
      s.append(pick(r, pool));
    }
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /** {@code count} distinct strings from {@code generator}, seeded so a failure reproduces. */
  static List<String> distinct(long seed, int count, Function<Random, String> generator) {
    Random r = new Random(seed);
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int attempts = 0; out.size() < count && attempts < count * 50; attempts++) {
      out.add(generator.apply(r));
    }
    return new ArrayList<>(out);
  }
}
