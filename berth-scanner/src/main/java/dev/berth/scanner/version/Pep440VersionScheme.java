package dev.berth.scanner.version;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python's version order, PEP 440 (https://peps.python.org/pep-0440/#summary-of-permitted-suffixes-and-relative-ordering),
 * as pypa/packaging's {@code Version} implements it (no legacy versions: what packaging rejects is invalid).
 *
 * <p>Versions compare by epoch, then release (trailing zeros ignored, so {@code 1.0 == 1}), then
 * {@code .devN} of a release &lt; {@code aN} &lt; {@code bN} &lt; {@code rcN} &lt; release &lt;
 * {@code .postN}, with a {@code .devN} below the same version without it, then the local version
 * ({@code +abc.5}): none first, segments pairwise, strings below numbers. Alternative spellings normalise
 * ({@code 1.0-ALPHA.1 == 1.0a1}, {@code 1.0-1 == 1.0.post1}); numbers have no upper bound.
 */
final class Pep440VersionScheme implements VersionScheme {
  private static final Map<String, Integer> PRE_RANK = Map.of("a", 0, "b", 1, "rc", 2);
  private static final int DEV_ONLY_RANK = -1;
  private static final int STABLE_RANK = 3;

  @Override
  public Kind kind() {
    return Kind.PEP440;
  }

  @Override
  public int compare(String a, String b) {
    Pep440Version x = parse(a);
    Pep440Version y = parse(b);
    int c = Digits.compare(x.epoch(), y.epoch());
    if (c == 0) {
      c = compareRelease(x.release(), y.release());
    }
    if (c == 0) {
      c = compareSuffix(x, y);
    }
    if (c == 0) {
      c = compareLocal(x, y);
    }
    return Integer.signum(c);
  }

  @Override
  public boolean isValid(String s) {
    return Pep440Version.parse(Objects.requireNonNull(s, "s")).isPresent();
  }

  /** The canonical spelling of {@code version}, as packaging's {@code str(Version(version))}. */
  String normalize(String version) {
    return parse(version).normalized();
  }

  private static Pep440Version parse(String s) {
    return Pep440Version.parse(Objects.requireNonNull(s, "version"))
        .orElseThrow(() -> Invalid.version(Kind.PEP440, s, "not a PEP 440 version"));
  }

  /** Pairwise, the shorter padded with zeros: the same as comparing with trailing zeros stripped. */
  private static int compareRelease(List<String> a, List<String> b) {
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = Digits.compare(i < a.size() ? a.get(i) : "", i < b.size() ? b.get(i) : "");
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** packaging's suffix key {@code (pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n)}. */
  private static int compareSuffix(Pep440Version x, Pep440Version y) {
    int c = Integer.compare(preRank(x), preRank(y));
    if (c == 0) {
      c = Digits.compare(x.pre().map(Pep440Version.Pre::number).orElse(""),
          y.pre().map(Pep440Version.Pre::number).orElse(""));
    }
    if (c == 0) {
      c = Boolean.compare(x.post().isPresent(), y.post().isPresent());
    }
    if (c == 0) {
      c = Digits.compare(x.post().orElse(""), y.post().orElse(""));
    }
    if (c == 0) {
      c = Boolean.compare(x.dev().isEmpty(), y.dev().isEmpty());
    }
    if (c == 0) {
      c = Digits.compare(x.dev().orElse(""), y.dev().orElse(""));
    }
    return c;
  }

  private static int preRank(Pep440Version v) {
    if (v.pre().isPresent()) {
      return PRE_RANK.get(v.pre().get().letter());
    }
    // A bare .devN release sorts before every pre-release of that version.
    return v.post().isEmpty() && v.dev().isPresent() ? DEV_ONLY_RANK : STABLE_RANK;
  }

  private static int compareLocal(Pep440Version x, Pep440Version y) {
    if (x.local().isEmpty() || y.local().isEmpty()) {
      return Boolean.compare(x.local().isPresent(), y.local().isPresent());
    }
    List<String> a = x.local().get();
    List<String> b = y.local().get();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareLocalSegment(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Numbers compare by value and above strings; strings compare lexicographically. */
  private static int compareLocalSegment(String a, String b) {
    boolean an = isNumber(a);
    boolean bn = isNumber(b);
    if (an != bn) {
      return an ? 1 : -1;
    }
    return an ? Digits.compare(a, b) : a.compareTo(b);
  }

  private static boolean isNumber(String segment) {
    return Digits.run(segment, 0) == segment.length();
  }
}
