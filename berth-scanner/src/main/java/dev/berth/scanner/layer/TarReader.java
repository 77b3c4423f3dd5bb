package dev.berth.scanner.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A forward-only tar reader (POSIX ustar, GNU and PAX) that never buffers more than one header.
 *
 * <p>We read tar ourselves rather than through commons-compress because its reader loads GNU long names and PAX
 * headers whole into memory before we could check them: a hostile layer could declare a gigabyte path. Here a
 * long name is refused by its declared size and PAX records are parsed as a stream, keeping only the keys we
 * use.
 *
 * <p>Format: POSIX.1-2017 {@code pax} (ustar header, extended headers {@code x} and {@code g}) and GNU tar's
 * {@code L}/{@code K} long-name entries.
 */
final class TarReader {
  static final int BLOCK = 512;
  /** More extended headers in a row than any writer produces: a loop meant to keep us reading metadata. */
  private static final int MAX_METADATA_CHAIN = 16;

  private final InputStream in;
  private final ScanLimits limits;
  private final byte[] header = new byte[BLOCK];
  private final byte[] scratch = new byte[64 * 1024];
  private long remaining;
  private long padding;
  private long entries;
  private boolean finished;

  TarReader(InputStream in, ScanLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** How many entries were returned so far (global PAX headers included). */
  long entries() {
    return entries;
  }

  /**
   * Skips what is left of the current entry and reads the next one.
   *
   * @return the next entry, or empty at the end of the archive
   * @throws LimitExceededException when the archive has too many entries or too long a path
   * @throws IOException when the archive is truncated or a header is corrupt
   */
  Optional<TarEntry> next() throws IOException {
    if (finished) {
      return Optional.empty();
    }
    skipRest();
    String longName = null;
    String longLink = null;
    PaxHeaders pax = PaxHeaders.NONE;
    for (int chain = 0; ; chain++) {
      if (chain > MAX_METADATA_CHAIN) {
        throw new IOException("malformed tar: more than " + MAX_METADATA_CHAIN + " extended headers in a row");
      }
      if (!readHeader()) {
        finished = true;
        return Optional.empty();
      }
      char type = (char) (header[156] & 0xff);
      long size = parseSize();
      switch (type) {
        case 'L' -> longName = readLongName(size);
        case 'K' -> longLink = readLongName(size);
        case 'x' -> pax = PaxHeaders.read(in, size, limits, scratch);
        case 'g' -> {
          // global headers set defaults we do not use; counted so that a stream of them still ends
          countEntry("global pax header");
          skipFully(size);
        }
        default -> {
          if (type == 'S' && header[482] != 0) {
            skipSparseExtensions();
          }
          return Optional.of(entry(type, size, longName, longLink, pax));
        }
      }
      skipFully(pad(size));
    }
  }

  /** The content of the entry {@link #next()} returned, bounded to its size; closing it does nothing. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int b = in.read();
        if (b < 0) {
          throw new EOFException("tar entry truncated");
        }
        remaining--;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new EOFException("tar entry truncated");
        }
        remaining -= n;
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long before = remaining;
        skipContent(Math.min(n, remaining));
        return before - remaining;
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  private TarEntry entry(char type, long size, String longName, String longLink, PaxHeaders pax)
      throws IOException {
    String name = pax.path() != null ? pax.path() : longName != null ? longName : headerName();
    String link = pax.linkPath() != null ? pax.linkPath() : longLink != null ? longLink : field(157, 100);
    long realSize = pax.size() >= 0 ? pax.size() : size;
    if (name.length() > limits.maxPathLength()) {
      throw new LimitExceededException("maxPathLength", limits.maxPathLength(),
          "entry #" + (entries + 1) + " (" + name.length() + " characters)");
    }
    countEntry(name);
    boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
    remaining = hasData ? realSize : 0;
    padding = hasData ? pad(realSize) : 0;
    int mode = (int) parseOctal(100, 8);
    return new TarEntry(name, type, hasData ? realSize : 0, mode & 07777, link);
  }

  private void countEntry(String where) throws LimitExceededException {
    entries++;
    if (entries > limits.maxEntries()) {
      throw new LimitExceededException("maxEntries", limits.maxEntries(), "entry #" + entries + " " + where);
    }
  }

  private String readLongName(long size) throws IOException {
    // +1 for the terminating NUL GNU tar writes
    if (size > limits.maxPathLength() + 1L) {
      throw new LimitExceededException("maxPathLength", limits.maxPathLength(),
          "entry #" + (entries + 1) + " (GNU long name of " + size + " bytes)");
    }
    byte[] bytes = in.readNBytes((int) size);
    if (bytes.length < size) {
      throw new EOFException("tar long name truncated");
    }
    int len = bytes.length;
    while (len > 0 && bytes[len - 1] == 0) {
      len--;
    }
    return new String(bytes, 0, len, StandardCharsets.UTF_8);
  }

  /** Reads the next header block; false at the end of the archive (EOF or a zero block). */
  private boolean readHeader() throws IOException {
    int n = in.readNBytes(header, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n < BLOCK) {
      throw new EOFException("tar header truncated after " + entries + " entries");
    }
    if (isZero()) {
      return false;
    }
    verifyChecksum();
    return true;
  }

  /**
   * Old GNU sparse entries with more than four holes continue their sparse map in extension blocks after the
   * header (GNU tar manual, "Storing Sparse Files"); those blocks are not counted in the entry size.
   */
  private void skipSparseExtensions() throws IOException {
    byte[] block = new byte[BLOCK];
    for (int i = 0; ; i++) {
      if (in.readNBytes(block, 0, BLOCK) < BLOCK) {
        throw new EOFException("tar sparse header truncated");
      }
      if (block[504] == 0) {
        return;
      }
      if (i > 1 << 16) {
        throw new IOException("malformed tar: endless sparse extension headers");
      }
    }
  }

  private boolean isZero() {
    for (byte b : header) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private void verifyChecksum() throws IOException {
    long stored = parseOctal(148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    // some old writers summed signed bytes; both are accepted by GNU tar
    if (stored != unsigned && stored != signed) {
      throw new IOException("not a tar archive or corrupt tar header after " + entries + " entries");
    }
  }

  private String headerName() {
    String name = field(0, 100);
    boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
        && header[261] == 'r' && header[262] == 0;
    if (posix && header[345] != 0) {
      return field(345, 155) + "/" + name;
    }
    return name;
  }

  private String field(int off, int len) {
    int end = off;
    while (end < off + len && header[end] != 0) {
      end++;
    }
    return new String(header, off, end - off, StandardCharsets.UTF_8);
  }

  private long parseSize() throws IOException {
    if ((header[124] & 0x80) != 0) {
      // GNU base-256 for sizes of 8 GiB and more
      if ((header[124] & 0x40) != 0) {
        throw new IOException("negative tar entry size");
      }
      long v = header[124] & 0x3f;
      for (int i = 125; i < 136; i++) {
        if ((v >>> 55) != 0) {
          throw new IOException("tar entry size overflows");
        }
        v = (v << 8) | (header[i] & 0xff);
      }
      return v;
    }
    return parseOctal(124, 12);
  }

  private long parseOctal(int off, int len) throws IOException {
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    for (; i < end; i++) {
      byte b = header[i];
      if (b == 0 || b == ' ') {
        break;
      }
      if (b < '0' || b > '7') {
        throw new IOException("not a tar archive: bad octal field after " + entries + " entries");
      }
      v = (v << 3) + (b - '0');
    }
    return v;
  }

  private static long pad(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }

  private void skipRest() throws IOException {
    skipContent(remaining);
    skipFully(padding);
    padding = 0;
  }

  private void skipContent(long n) throws IOException {
    skipFully(n);
    remaining -= n;
  }

  /** Skips by reading: InflaterInputStream.skip reads 512 bytes at a time, which is several times slower. */
  void skipFully(long n) throws IOException {
    while (n > 0) {
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, n));
      if (r < 0) {
        throw new EOFException("tar archive truncated");
      }
      n -= r;
    }
  }

  /** Reads what follows the end-of-archive marker so that a verifying stream below sees its end. */
  void drain() throws IOException {
    while (in.read(scratch) >= 0) {
      // discard: padding after the end-of-archive blocks
    }
  }

  /**
   * One tar member as stored.
   *
   * @param name the raw path as the archive gives it
   * @param type the typeflag ({@code '0'} regular, {@code '1'} hard link, {@code '2'} symlink, {@code '5'}
   *     directory, …)
   * @param size the content size (zero for links and directories)
   * @param mode the permission bits
   * @param linkName the link target for links, never followed
   */
  record TarEntry(String name, char type, long size, int mode, String linkName) {
    boolean isRegular() {
      return type == '0' || type == 0 || type == '7';
    }

    boolean isDirectory() {
      return type == '5';
    }
  }
}
