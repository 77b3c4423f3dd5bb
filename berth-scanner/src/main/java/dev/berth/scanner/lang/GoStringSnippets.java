package dev.berth.scanner.lang;

import java.nio.charset.StandardCharsets;
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
  private static final String GO1 = "go1.";
  private static final String DEVEL = "devel ";
  private static final int LONGEST_PATTERN = 16;
  private static final String INFO_START_TEXT = new String(INFO_START, StandardCharsets.ISO_8859_1);
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
    long start = Math.max(scanFrom, windowStart);
    if (start < limit) {
      // A Latin-1 String shares String.indexOf's vectorised search; the copy costs less than a byte loop.
      int base = (int) (start - windowStart);
      String text = new String(window, base, (int) (end - start), StandardCharsets.ISO_8859_1);
      int last = (int) (limit - start);
      find(text, last, GO1, false, window, base, end - windowStart, start);
      find(text, last, DEVEL, false, window, base, end - windowStart, start);
      find(text, last, INFO_START_TEXT, true, window, base, end - windowStart, start);
    }
    scanFrom = Math.max(scanFrom, limit);
  }

  private void find(String text, int last, String pattern, boolean info, byte[] window, int base, long windowEnd,
      long textStart) {
    for (int i = text.indexOf(pattern); i >= 0 && i < last; i = text.indexOf(pattern, i + 1)) {
      if (info ? infoSnippets++ >= MAX_INFO_SNIPPETS : versionSnippets++ >= MAX_VERSION_SNIPPETS) {
        return;
      }
      var capture = info ? new Capture(maxInfoBytes, true) : new Capture(VERSION_SNIPPET, false);
      start(textStart + i, capture, window, base + i, windowEnd);
    }
  }

  /** The {@code length} bytes at {@code offset} when one kept snippet holds them all. */
  Optional<byte[]> read(long offset, int length) {
    // snippets may overlap (a version string inside module information): any one that covers the range will do
    for (Map.Entry<Long, Capture> e : captures.headMap(offset, true).descendingMap().entrySet()) {
      long from = offset - e.getKey();
      Capture c = e.getValue();
      if (from + length <= c.length) {
        return Optional.of(Arrays.copyOfRange(c.bytes, (int) from, (int) from + length));
      }
    }
    return Optional.empty();
  }

  private void start(long pos, Capture c, byte[] window, int i, long windowEnd) {
    c.append(window, i, (int) (windowEnd - i));
    captures.put(pos, c);
    if (!c.complete()) {
      active.add(c);
    }
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
