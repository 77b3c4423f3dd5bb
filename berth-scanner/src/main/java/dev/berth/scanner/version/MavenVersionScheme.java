package dev.berth.scanner.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Maven's version order (https://maven.apache.org/pom.html#version-order-specification), exactly as Maven
 * 3.9's {@code org.apache.maven.artifact.versioning.ComparableVersion} implements it.
 *
 * <p>The version is lower-cased and split at {@code .}, {@code -} and digit/letter transitions into numbers
 * and qualifiers; a {@code -} or a transition opens a nested list. Trailing "null" items ({@code 0}, {@code ""},
 * {@code ga}, {@code final}, {@code release}, empty lists) are dropped. Known qualifiers order
 * {@code alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp}; unknown ones sort
 * after them, as strings; {@code a1}, {@code b1}, {@code m1} mean alpha-1, beta-1, milestone-1.
 *
 * <p>Being exact, it inherits ComparableVersion's flaw: the order is not transitive once qualifiers mix freely
 * ({@code 10-b2 < 10 < 10.release.1} yet {@code 10-b2 > 10.release.1}); for conventional versions (numbers,
 * then one known qualifier, a dotted one last) it is.
 *
 * <p>Every string is a version. Unlike ComparableVersion, which recurses once per nested list, the comparison
 * here loops, so no input overflows the stack; numbers of any length compare by value.
 */
final class MavenVersionScheme implements VersionScheme {
  private static final List<String> QUALIFIERS =
      List.of("alpha", "beta", "milestone", "rc", "snapshot", "", "sp");
  private static final Map<String, String> ALIASES =
      Map.of("ga", "", "final", "", "release", "", "cr", "rc");
  private static final String RELEASE_VERSION_INDEX = String.valueOf(QUALIFIERS.indexOf(""));
  private static final int MAX_INTITEM_LENGTH = 9;
  private static final int MAX_LONGITEM_LENGTH = 18;

  private sealed interface Item permits Num, Str, Lst {}

  /**
   * A number; {@code rank} is ComparableVersion's item class (int, long, BigInteger, chosen by the digit
   * count after stripping ASCII zeros), {@code value} its decimal value without leading zeros.
   */
  private record Num(int rank, String value) implements Item {
    boolean isZero() {
      return value.isEmpty();
    }
  }

  /** A qualifier after aliasing. */
  private record Str(String value) implements Item {}

  /** A list; only its last item can be a list. */
  private static final class Lst extends ArrayList<Item> implements Item {
    private static final long serialVersionUID = 1L;
  }

  private static final Num ZERO = new Num(0, "");

  @Override
  public Kind kind() {
    return Kind.MAVEN;
  }

  @Override
  public int compare(String a, String b) {
    return Integer.signum(compareLists(parse(a), parse(b)));
  }

  @Override
  public boolean isValid(String s) {
    Objects.requireNonNull(s, "s");
    return true;
  }

  private static Lst parse(String version) {
    String v = Objects.requireNonNull(version, "version").toLowerCase(Locale.ENGLISH);
    List<Lst> lists = new ArrayList<>();
    Lst list = open(new Lst(), lists);
    Lst root = list;
    boolean isDigit = false;
    int start = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '.' || c == '-') {
        list.add(i == start ? ZERO : item(isDigit, v.substring(start, i)));
        start = i + 1;
        if (c == '-') {
          list = sublist(list, lists);
        }
      } else if (Character.isDigit(c)) {
        if (!isDigit && i > start) {
          // 1.0.0.X1 < 1.0.0-X2: a qualifier after a dot opens a list as if it followed a hyphen.
          if (!list.isEmpty()) {
            list = sublist(list, lists);
          }
          list.add(qualifier(v.substring(start, i), true));
          start = i;
          list = sublist(list, lists);
        }
        isDigit = true;
      } else {
        if (isDigit && i > start) {
          list.add(item(true, v.substring(start, i)));
          start = i;
          list = sublist(list, lists);
        }
        isDigit = false;
      }
    }
    if (v.length() > start) {
      if (!isDigit && !list.isEmpty()) {
        list = sublist(list, lists);
      }
      list.add(item(isDigit, v.substring(start)));
    }
    for (int i = lists.size() - 1; i >= 0; i--) {
      normalize(lists.get(i));
    }
    return root;
  }

  private static Lst open(Lst list, List<Lst> lists) {
    lists.add(list);
    return list;
  }

  private static Lst sublist(Lst parent, List<Lst> lists) {
    Lst child = open(new Lst(), lists);
    parent.add(child);
    return child;
  }

  /** Drops trailing null items, looking through (but keeping) a non-null trailing list. */
  private static void normalize(Lst list) {
    for (int i = list.size() - 1; i >= 0; i--) {
      Item last = list.get(i);
      if (isNull(last)) {
        list.remove(i);
      } else if (!(last instanceof Lst)) {
        break;
      }
    }
  }

  private static boolean isNull(Item item) {
    return switch (item) {
      case Num n -> n.isZero();
      case Str s -> comparable(s.value()).equals(RELEASE_VERSION_INDEX);
      case Lst l -> l.isEmpty();
    };
  }

  private static Item item(boolean isDigit, String text) {
    return isDigit ? number(text) : qualifier(text, false);
  }

  private static Num number(String digits) {
    int firstNonZero = 0;
    while (firstNonZero < digits.length() && digits.charAt(firstNonZero) == '0') {
      firstNonZero++;
    }
    // ComparableVersion keeps an all-zero run whole, so "0000000000" is a long item, not an int one.
    int length = firstNonZero == digits.length() ? digits.length() : digits.length() - firstNonZero;
    int rank = length <= MAX_INTITEM_LENGTH ? 0 : length <= MAX_LONGITEM_LENGTH ? 1 : 2;
    StringBuilder value = new StringBuilder(digits.length());
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), 10);
      if (d != 0 || !value.isEmpty()) {
        value.append((char) ('0' + d));
      }
    }
    return new Num(rank, value.toString());
  }

  private static Str qualifier(String text, boolean followedByDigit) {
    String value = text;
    if (followedByDigit && text.length() == 1) {
      value = switch (text.charAt(0)) {
        case 'a' -> "alpha";
        case 'b' -> "beta";
        case 'm' -> "milestone";
        default -> text;
      };
    }
    return new Str(ALIASES.getOrDefault(value, value));
  }

  private static String comparable(String qualifier) {
    int i = QUALIFIERS.indexOf(qualifier);
    return i == -1 ? QUALIFIERS.size() + "-" + qualifier : String.valueOf(i);
  }

  /** ComparableVersion's list comparison; a pair of nested lists is always last, so it loops into them. */
  private static int compareLists(Lst a, Lst b) {
    while (true) {
      Lst nextA = null;
      Lst nextB = null;
      int n = Math.max(a.size(), b.size());
      for (int k = 0; k < n; k++) {
        Item l = k < a.size() ? a.get(k) : null;
        Item r = k < b.size() ? b.get(k) : null;
        if (l instanceof Lst ll && r instanceof Lst rl) {
          nextA = ll;
          nextB = rl;
          break;
        }
        int c = l == null ? (r == null ? 0 : -compareItem(r, null)) : compareItem(l, r);
        if (c != 0) {
          return c;
        }
      }
      if (nextA == null) {
        return 0;
      }
      a = nextA;
      b = nextB;
    }
  }

  /** Compares an item with another ({@code null} standing for a missing one); never two lists. */
  private static int compareItem(Item l, Item r) {
    return switch (l) {
      case Num x -> switch (r) {
        case null -> x.isZero() ? 0 : 1;
        case Num y -> x.rank() != y.rank()
            ? Integer.compare(x.rank(), y.rank())
            : Digits.compare(x.value(), y.value());
        case Str y -> 1;
        case Lst y -> 1;
      };
      case Str x -> switch (r) {
        case null -> comparable(x.value()).compareTo(RELEASE_VERSION_INDEX);
        case Num y -> -1;
        case Str y -> comparable(x.value()).compareTo(comparable(y.value()));
        case Lst y -> -1;
      };
      case Lst x -> switch (r) {
        case null -> compareWithMissing(x);
        case Num y -> -1;
        case Str y -> 1;
        case Lst y -> compareLists(x, y);
      };
    };
  }

  /** A list against a missing item: its items in turn against a missing item. */
  private static int compareWithMissing(Lst list) {
    Lst x = list;
    while (x != null) {
      Lst next = null;
      for (Item item : x) {
        if (item instanceof Lst nested) {
          next = nested;
          break;
        }
        int c = compareItem(item, null);
        if (c != 0) {
          return c;
        }
      }
      x = next;
    }
    return 0;
  }
}
