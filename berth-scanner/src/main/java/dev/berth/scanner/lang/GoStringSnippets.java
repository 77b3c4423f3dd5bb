package dev.berth.scanner.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Remembers, while a file streams past, the few byte runs that Go's pointer-format build information may later
 * point back at: version strings ({@code go1.…}, {@code devel …}) and module information framed by the
 * {@code cmd/go} sentinels. Everything else is forgotten. Bounded in count and size.
 */
final class GoStringSnippets {
  // cmd/go/internal/modload: infoStart and infoEnd frame runtime.modinfo.
  static final byte[] INFO_START = hex("3077af0c9274080241e1c107e6d618e6");
  static final byte[] INFO_END = hex("f932433186182072008242104116d8f2");
  private static final byte[] GO1 = {'g', 'o', '1', '.'};
  private static final byte[] DEVEL = {'d', 'e', 'v', 'e', 'l', ' '};
  private static final int LONGEST_PATTERN = 16;
  static final int VERSION_SNIPPET = 128;
  private static final int MAX_VERSION_SNIPPETS = 4096;
  private static final int MAX_INFO_SNIPPETS = 4;

  private final int maxInfoBytes;
  private final TreeMap<Long, Capture> captures = new TreeMap<>();
  private final List<Capture> active = new ArrayList<>();
  private long scanFrom;
  private int versionSnippets;
  private int infoSnippets;

  /** @param maxInfoBytes the longest module information kept, sentinels included */
  GoStringSnippets(int maxInfoBytes) {
    this.maxInfoBytes = maxInfoBytes;
  }

  /**
   * Sees the {@code n} bytes just read into {@code window} at index {@code from}. Earlier bytes of the window
   * (still at least {@value #LONGEST_PATTERN}) let a pattern straddle two reads.
   */
  void accept(byte[] window, int from, int n, long windowStart, boolean eof) {
    for (Capture c : active) {
      c.append(window, from, n);
    }
    active.removeIf(Capture::complete);
    long end = windowStart + from + n;
    long limit = eof ? end : end - (LONGEST_PATTERN - 1);
    for (long pos = Math.max(scanFrom, windowStart); pos < limit; pos++) {
      int i = (int) (pos - windowStart);
      byte b = window[i];
      if (b == 'g' && matches(window, i, end - windowStart, GO1)
          || b == 'd' && matches(window, i, end - windowStart, DEVEL)) {
        if (versionSnippets < MAX_VERSION_SNIPPETS) {
          versionSnippets++;
          start(pos, new Capture(VERSION_SNIPPET, false), window, i, end - windowStart);
        }
      } else if (b == INFO_START[0] && matches(window, i, end - windowStart, INFO_START)) {
        if (infoSnippets < MAX_INFO_SNIPPETS) {
          infoSnippets++;
          start(pos, new Capture(maxInfoBytes, true), window, i, end - windowStart);
        }
      }
    }
    scanFrom = Math.max(scanFrom, limit);
  }

  /** The {@code length} bytes at {@code offset} when one kept snippet holds them all. */
  Optional<byte[]> read(long offset, int length) {
    Map.Entry<Long, Capture> e = captures.floorEntry(offset);
    if (e == null) {
      return Optional.empty();
    }
    long from = offset - e.getKey();
    Capture c = e.getValue();
    if (from + length > c.length) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(c.bytes, (int) from, (int) from + length));
  }

  private void start(long pos, Capture c, byte[] window, int i, long windowEnd) {
    c.append(window, i, (int) (windowEnd - i));
    captures.put(pos, c);
    if (!c.complete()) {
      active.add(c);
    }
  }

  private static boolean matches(byte[] window, int i, long windowEnd, byte[] pattern) {
    if (i + pattern.length > windowEnd) {
      return false;
    }
    for (int k = 0; k < pattern.length; k++) {
      if (window[i + k] != pattern[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /** Bytes from one match on: a fixed count, or up to and including {@link #INFO_END}. */
  private static final class Capture {
    private final int max;
    private final boolean untilInfoEnd;
    private byte[] bytes = new byte[0];
    private int length;
    private boolean done;

    Capture(int max, boolean untilInfoEnd) {
      this.max = max;
      this.untilInfoEnd = untilInfoEnd;
    }

    void append(byte[] src, int from, int n) {
      int take = Math.min(n, max - length);
      if (done || take <= 0) {
        done = true;
        return;
      }
      if (length + take > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(max, Math.max(2 * bytes.length, length + take)));
      }
      System.arraycopy(src, from, bytes, length, take);
      int searchFrom = Math.max(INFO_START.length, length - INFO_END.length + 1);
      length += take;
      if (untilInfoEnd) {
        int endAt = indexOf(bytes, searchFrom, length, INFO_END);
        if (endAt >= 0) {
          length = endAt + INFO_END.length;
          done = true;
        }
      }
      done |= length == max;
    }

    boolean complete() {
      return done;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] pattern) {
      outer:
      for (int i = from; i + pattern.length <= to; i++) {
        for (int k = 0; k < pattern.length; k++) {
          if (b[i + k] != pattern[k]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
