package dev.berth.scanner.version;

import java.util.List;
import java.util.Objects;

/**
 * Alpine's version order, as apk-tools' {@code apk_version_compare} (src/version.c) defines it:
 * {@code digit{.digit}...{letter{digit}}...{_suffix{#}}...{~hash}{-r#}}. This is apk-tools 3's grammar with
 * apk-tools 2's reading of digits after a letter.
 *
 * <p>Pre-release suffixes {@code _alpha < _beta < _pre < _rc} sort below the release and {@code _cvs < _svn <
 * _git < _hg < _p} above it; {@code -rN} is the package revision; a single letter follows the numbers; a
 * {@code ~hash} of lowercase hex digits sorts as a string. A number after a dot with a leading zero compares
 * as a string (Gentoo's rule), other numbers by value.
 *
 * <p><b>Digits after a letter.</b> apk-tools 3 rejects a digit right after the letter ({@code 1.9.5p1}), and two
 * such versions then compare equal. apk-tools 2, which Alpine's releases shipped for a decade and which built
 * and ordered their packages, reads those digits as a number that continues the version ({@code next_token}:
 * after a letter a digit starts a digit token), so {@code sudo 1.9.5p1-r0 < 1.9.5p2-r0} and
 * {@code openssh 6.0.2p1-r0 < 6.0.2p1-r1}. Berth follows apk-tools 2 here: those digits compare by value (no
 * leading-zero string rule), and a letter, a dot, a suffix, a hash or a revision may follow them. Everything
 * else is apk-tools 3's.
 *
 * <p>Like apk, {@link #compare} orders every string, valid or not: the tokenizer stops at the first invalid
 * token and an invalid tail sorts below any valid one. {@link #isValid} is apk's
 * {@code apk_version_validate} with the rule above ({@code 0.1a1} is valid, as in apk-tools 2). The matcher
 * compares only valid versions and warns about the others. One deliberate difference: apk reads numbers into
 * a wrapping 64-bit integer, this class compares digit runs by exact value.
 */
final class ApkVersionScheme implements VersionScheme {
  // apk-tools' token order; comparing versions of unequal length relies on it.
  private static final int INITIAL_DIGIT = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int COMMIT_HASH = 5;
  private static final int REVISION_NO = 6;
  private static final int END = 7;
  private static final int INVALID = 8;

  /** Suffix names by value; index 0 (invalid) and 5 (none) are never matched. */
  private static final List<String> SUFFIXES =
      List.of("", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");
  private static final int SUFFIX_NONE = 5;

  @Override
  public Kind kind() {
    return Kind.APK;
  }

  @Override
  public int compare(String a, String b) {
    Tokens ta = new Tokens(Objects.requireNonNull(a, "a"));
    Tokens tb = new Tokens(Objects.requireNonNull(b, "b"));
    while (ta.token == tb.token && ta.token < END) {
      int r = compareTokens(ta, tb);
      if (r != 0) {
        return Integer.signum(r);
      }
      ta.next();
      tb.next();
    }
    if (ta.token == tb.token) {
      return 0;
    }
    // The longer version is newer, unless what makes it longer is a pre-release suffix.
    if (ta.token == SUFFIX && ta.suffix < SUFFIX_NONE) {
      return -1;
    }
    if (tb.token == SUFFIX && tb.suffix < SUFFIX_NONE) {
      return 1;
    }
    return ta.token > tb.token ? -1 : 1;
  }

  @Override
  public boolean isValid(String s) {
    Tokens t = new Tokens(Objects.requireNonNull(s, "s"));
    while (t.token < END) {
      t.next();
    }
    return t.token == END;
  }

  private static int compareTokens(Tokens a, Tokens b) {
    switch (a.token) {
      case DIGIT:
        // Both tokens follow the same token type, so both or neither follow a letter.
        if (!a.afterLetter && (a.s.charAt(a.from) == '0' || b.s.charAt(b.from) == '0')) {
          return sortAsString(a, b);
        }
        return Digits.compare(a.s, a.from, a.to, b.s, b.from, b.to);
      case INITIAL_DIGIT, SUFFIX_NO, REVISION_NO:
        return Digits.compare(a.s, a.from, a.to, b.s, b.from, b.to);
      case LETTER:
        return Character.compare(a.s.charAt(a.from), b.s.charAt(b.from));
      case SUFFIX:
        return Integer.compare(a.suffix, b.suffix);
      default:
        return sortAsString(a, b);
    }
  }

  /** apk's {@code apk_blob_sort}: bytewise, then the shorter first. */
  private static int sortAsString(Tokens a, Tokens b) {
    int n = Math.min(a.to - a.from, b.to - b.from);
    for (int i = 0; i < n; i++) {
      int c = Character.compare(a.s.charAt(a.from + i), b.s.charAt(b.from + i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.to - a.from, b.to - b.from);
  }

  /** apk's {@code token_state}: the current token's type and its text {@code s[from, to)}. */
  private static final class Tokens {
    private final String s;
    private int pos;
    private int token = INITIAL_DIGIT;
    /** Whether the current digit token follows a letter (apk-tools 2's reading, compared by value). */
    private boolean afterLetter;
    private int suffix;
    private int from;
    private int to;

    Tokens(String s) {
      this.s = s;
      digits();
    }

    private void digits() {
      from = pos;
      pos += Digits.run(s, pos);
      to = pos;
      if (to == from) {
        token = INVALID;
      }
    }

    /** Reads the next token, checking that it may follow the current one. */
    void next() {
      if (pos == s.length()) {
        token = END;
        return;
      }
      char c = s.charAt(pos);
      if (c >= 'a' && c <= 'z') {
        letter();
      } else if (c == '.' || Digits.isDigit(c)) {
        number(c);
      } else if (c == '_') {
        suffix();
      } else if (c == '~') {
        commitHash();
      } else if (c == '-') {
        revision();
      } else {
        token = INVALID;
      }
    }

    private void letter() {
      if (token > DIGIT) {
        token = INVALID;
        return;
      }
      from = pos;
      to = ++pos;
      token = LETTER;
    }

    private void number(char c) {
      if (c == '.') {
        if (token > DIGIT) {
          token = INVALID;
          return;
        }
        pos++;
      }
      afterLetter = token == LETTER;
      switch (token) {
        case INITIAL_DIGIT, DIGIT, LETTER -> token = DIGIT;
        case SUFFIX -> token = SUFFIX_NO;
        default -> {
          token = INVALID;
          return;
        }
      }
      digits();
    }

    private void suffix() {
      if (token > SUFFIX_NO) {
        token = INVALID;
        return;
      }
      from = ++pos;
      while (pos < s.length() && s.charAt(pos) >= 'a' && s.charAt(pos) <= 'z') {
        pos++;
      }
      to = pos;
      String name = s.substring(from, to);
      suffix = name.isEmpty() ? -1 : SUFFIXES.indexOf(name);
      token = suffix > 0 ? SUFFIX : INVALID;
    }

    private void commitHash() {
      if (token >= COMMIT_HASH) {
        token = INVALID;
        return;
      }
      from = ++pos;
      while (pos < s.length() && isLowerHex(s.charAt(pos))) {
        pos++;
      }
      to = pos;
      token = to > from ? COMMIT_HASH : INVALID;
    }

    private void revision() {
      if (token >= REVISION_NO || !s.startsWith("-r", pos)) {
        token = INVALID;
        return;
      }
      pos += 2;
      token = REVISION_NO;
      digits();
    }

    private static boolean isLowerHex(char c) {
      return Digits.isDigit(c) || (c >= 'a' && c <= 'f');
    }
  }
}
