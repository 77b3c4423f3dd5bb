package dev.berth.scanner.match;

import dev.berth.scanner.version.InvalidVersionException;
import dev.berth.scanner.version.VersionScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only ordering, obviously right for the plain versions these tests use and for nothing else: numbers
 * separated by {@code .} or {@code -} (an apk {@code -rN} counts as one more number), compared number by
 * number, a version that is a prefix of another being the older. For {@link VersionScheme.Kind#GO} a leading
 * {@code v} is required, as Go module versions have one, so that the matcher's Go normalisation is exercised.
 * Anything else is rejected with {@link InvalidVersionException}.
 */
final class DottedNumeric implements VersionScheme {
  private static final Pattern PLAIN = Pattern.compile("\\d+(?:(?:\\.|-r?)\\d+)*");
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private final Kind kind;

  DottedNumeric(Kind kind) {
    this.kind = kind;
  }

  /** This ordering for every kind. */
  static Function<Kind, VersionScheme> forAllKinds() {
    return DottedNumeric::new;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public boolean isValid(String s) {
    if (kind == Kind.GO) {
      return s.startsWith("v") && PLAIN.matcher(s.substring(1)).matches();
    }
    return PLAIN.matcher(s).matches();
  }

  @Override
  public int compare(String a, String b) {
    List<Long> x = numbers(a);
    List<Long> y = numbers(b);
    for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
      int c = Long.compare(x.get(i), y.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.size(), y.size());
  }

  private List<Long> numbers(String s) {
    if (!isValid(s)) {
      throw new InvalidVersionException(kind, s, "not a dotted numeric test version");
    }
    List<Long> out = new ArrayList<>();
    Matcher m = DIGITS.matcher(s);
    while (m.find()) {
      out.add(Long.parseLong(m.group()));
    }
    return out;
  }
}
