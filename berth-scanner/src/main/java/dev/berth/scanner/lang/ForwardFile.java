package dev.berth.scanner.lang;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * A file read once, forwards, that can still answer a bounded set of reads behind its position: the last two
 * chunks, the data segment (up to a cap), and the snippets that a {@link GoStringSnippets} recorder keeps. This is
 * what lets Go's pointer-format build information be resolved from a stream: its strings lie in {@code .rodata},
 * before the header that points at them.
 */
final class ForwardFile {
  static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final byte[] window = new byte[2 * CHUNK];
  private final GoStringSnippets snippets;
  private final long retainCap;
  private long windowStart;
  private int windowLength;
  private boolean eof;
  private long retainFrom = -1;
  private byte[] retained = new byte[0];
  private int retainedLength;

  ForwardFile(InputStream in, GoStringSnippets snippets, long retainCap) {
    this.in = in;
    this.snippets = snippets;
    this.retainCap = retainCap;
  }

  /** Reads the first 4 bytes and tells whether they are the ELF magic; nothing more is read otherwise. */
  boolean startsWithElf() throws IOException {
    windowLength = in.readNBytes(window, 0, ElfLayout.MAGIC.length);
    eof = windowLength < ElfLayout.MAGIC.length;
    return ElfLayout.startsWithMagic(window, windowLength);
  }

  /** The file offset just past the last byte read. */
  long end() {
    return windowStart + windowLength;
  }

  long windowStart() {
    return windowStart;
  }

  /** The buffer behind the window; byte {@code i} is at file offset {@code windowStart() + i}. */
  byte[] window() {
    return window;
  }

  /** Keeps every byte from file offset {@code offset} on, up to the retain cap, for reads behind. */
  void retainFrom(long offset) {
    retainFrom = offset;
    if (offset < end()) {
      int from = (int) Math.max(0, offset - windowStart);
      retain(windowStart + from, from, windowLength - from);
    }
  }

  /**
   * Reads the next chunk, up to the next multiple of {@link #CHUNK} (so 16-byte aligned blocks never straddle
   * two reads).
   *
   * @return false at the end of the file
   */
  boolean advance() throws IOException {
    if (eof) {
      return false;
    }
    int toRead = CHUNK - (int) Math.floorMod(end(), (long) CHUNK);
    if (windowLength + toRead > window.length) {
      int keep = window.length - toRead;
      int drop = windowLength - keep;
      System.arraycopy(window, drop, window, 0, keep);
      windowStart += drop;
      windowLength = keep;
    }
    int n = in.readNBytes(window, windowLength, toRead);
    eof = n < toRead;
    if (n == 0) {
      return false;
    }
    long chunkStart = end();
    windowLength += n;
    if (retainFrom >= 0 && chunkStart + n > retainFrom) {
      int from = (int) Math.max(0, retainFrom - chunkStart);
      retain(chunkStart + from, windowLength - n + from, n - from);
    }
    snippets.accept(window, windowLength - n, n, windowStart, eof);
    return true;
  }

  /**
   * The {@code length} bytes at file offset {@code offset}, reading forwards as far as needed.
   *
   * @return the bytes, or empty when the file ends first or they lie behind and were not kept
   */
  Optional<byte[]> readAt(long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      return Optional.empty();
    }
    while (offset + length > end() && advance()) {
      // read on
    }
    if (offset >= windowStart && offset + length <= end()) {
      int from = (int) (offset - windowStart);
      return Optional.of(Arrays.copyOfRange(window, from, from + length));
    }
    if (retainFrom >= 0 && offset >= retainFrom && offset + length <= retainFrom + retainedLength) {
      int from = (int) (offset - retainFrom);
      return Optional.of(Arrays.copyOfRange(retained, from, from + length));
    }
    return snippets.read(offset, length);
  }

  // Appends contiguous bytes at file offset `at` while they follow what is kept and fit the cap.
  private void retain(long at, int from, int length) {
    if (at != retainFrom + retainedLength || retainedLength + (long) length > retainCap) {
      return;
    }
    if (retainedLength + length > retained.length) {
      int grown = (int) Math.min(retainCap, Math.max(2L * retained.length, retainedLength + (long) length));
      retained = Arrays.copyOf(retained, grown);
    }
    System.arraycopy(window, from, retained, retainedLength, length);
    retainedLength += length;
  }
}
