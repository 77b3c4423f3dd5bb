package dev.berth.scanner.lang;

import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the build information of a Go executable from a stream, as Go's {@code debug/buildinfo} reads it from a
 * file: a 32-byte header starting {@code "\xff Go buildinf:"} at a 16-byte aligned offset of the data segment
 * (the {@code .go.buildinfo} section), then either two varint-prefixed strings (go1.18+, flag bit 2) or two
 * pointers to Go string headers (go1.13–1.17). One instance per file.
 *
 * <p>Only ELF is read, and a file that does not start with the ELF magic costs 4 bytes. An ELF file is read up
 * to the end of its data segments at most; it is never buffered whole (see {@link ForwardFile}).
 */
final class GoBuildInfoReader {
  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int HEADER = 32;
  private static final int ALIGN = 16;
  // A Go version string is a dozen bytes; the module list of a large program tens of kilobytes.
  static final int MAX_VERSION = 1024;
  static final int MAX_MODINFO = 1 << 20;
  // Reads behind the stream reach back into the data segment; real ones are a few megabytes at most.
  private static final long MAX_RETAINED = 16L << 20;
  private static final long NONE = -1;

  private final ForwardFile file;
  private final ScanLimits limits;
  private final String where;
  private ElfLayout elf;

  GoBuildInfoReader(InputStream in, ScanLimits limits, String where) {
    this.file = new ForwardFile(in, new GoStringSnippets(MAX_MODINFO),
        Math.min(MAX_RETAINED, limits.maxFileBytes()));
    this.limits = limits;
    this.where = where;
  }

  /**
   * Finds and decodes the build information.
   *
   * @return the toolchain version and the module information (empty text when the binary has none), or empty
   *     when the file is not a Go ELF executable or is truncated before its build information
   */
  Optional<GoBuildInfo> read() throws IOException {
    if (!file.startsWithElf() || !file.advance()) {
      return Optional.empty();
    }
    Optional<ElfLayout> layout = ElfLayout.parse(file.window(), (int) (file.end() - file.windowStart()));
    if (layout.isEmpty()) {
      return Optional.empty();
    }
    elf = layout.get();
    List<long[]> ranges = elf.dataRanges();
    file.retainFrom(ranges.getFirst()[0]);
    long next = nextCandidate(ranges, 0);
    while (next != NONE) {
      if (next + MAGIC.length > file.end()) {
        if (!file.advance()) {
          return Optional.empty();
        }
        continue;
      }
      if (magicAt(next)) {
        Optional<GoBuildInfo> info = decode(next);
        if (info.isPresent()) {
          return info;
        }
      }
      next = nextCandidate(ranges, Math.max(next + ALIGN, file.windowStart()));
    }
    return Optional.empty();
  }

  // The first 16-byte aligned offset at or after `from` where a header fits inside a data range.
  private static long nextCandidate(List<long[]> ranges, long from) {
    long best = NONE;
    for (long[] r : ranges) {
      long at = alignUp(Math.max(from, r[0]));
      if (at + HEADER <= r[1] && (best == NONE || at < best)) {
        best = at;
      }
    }
    return best;
  }

  private static long alignUp(long offset) {
    return offset + Math.floorMod(-offset, (long) ALIGN);
  }

  private boolean magicAt(long at) {
    int i = (int) (at - file.windowStart());
    byte[] w = file.window();
    if (i < 0 || i + MAGIC.length > file.end() - file.windowStart()) {
      return false;
    }
    for (int k = 0; k < MAGIC.length; k++) {
      if (w[i + k] != MAGIC[k]) {
        return false;
      }
    }
    return true;
  }

  private Optional<GoBuildInfo> decode(long at) throws IOException {
    Optional<byte[]> header = file.readAt(at, HEADER);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    byte[] h = header.get();
    int ptrSize = h[14];
    int flags = h[15];
    byte[] version;
    byte[] modinfo;
    if ((flags & 2) != 0) {
      long[] cursor = {at + HEADER};
      version = varString(cursor, MAX_VERSION);
      modinfo = version.length == 0 ? version : varString(cursor, MAX_MODINFO);
    } else {
      if (ptrSize != 4 && ptrSize != 8) {
        return Optional.empty();
      }
      boolean bigEndian = flags != 0;
      version = goString(pointer(h, 16, ptrSize, bigEndian), ptrSize, bigEndian, MAX_VERSION);
      modinfo = goString(pointer(h, 16 + ptrSize, ptrSize, bigEndian), ptrSize, bigEndian, MAX_MODINFO);
    }
    if (version.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new GoBuildInfo(
        new String(version, StandardCharsets.UTF_8), new String(unframe(modinfo), StandardCharsets.UTF_8)));
  }

  // debug/buildinfo strips the cmd/go sentinels and drops text that is not framed by them.
  private static byte[] unframe(byte[] mod) {
    if (mod.length >= 33 && mod[mod.length - 17] == '\n') {
      return Arrays.copyOfRange(mod, 16, mod.length - 16);
    }
    return new byte[0];
  }

  private byte[] varString(long[] cursor, int plausibleMax) throws IOException {
    long length = 0;
    int shift = 0;
    for (int i = 0; ; i++) {
      Optional<byte[]> b = file.readAt(cursor[0]++, 1);
      if (b.isEmpty() || i == 10) {
        return new byte[0];
      }
      int v = b.get()[0] & 0xff;
      length |= (long) (v & 0x7f) << shift;
      shift += 7;
      if (v < 0x80) {
        break;
      }
    }
    if (length < 0 || !SmallFiles.fits(length, plausibleMax, limits, where)) {
      return new byte[0];
    }
    Optional<byte[]> s = file.readAt(cursor[0], (int) length);
    cursor[0] += length;
    return s.orElse(new byte[0]);
  }

  // A Go string header {data pointer, length} at virtual address addr, then its bytes.
  private byte[] goString(long addr, int ptrSize, boolean bigEndian, int plausibleMax) throws IOException {
    Optional<byte[]> header = readVirtual(addr, 2 * ptrSize);
    if (header.isEmpty()) {
      return new byte[0];
    }
    long data = pointer(header.get(), 0, ptrSize, bigEndian);
    long length = pointer(header.get(), ptrSize, ptrSize, bigEndian);
    if (length < 0 || !SmallFiles.fits(length, plausibleMax, limits, where)) {
      return new byte[0];
    }
    return readVirtual(data, (int) length).orElse(new byte[0]);
  }

  private Optional<byte[]> readVirtual(long addr, int length) throws IOException {
    Optional<Long> offset = elf.fileOffset(addr, length);
    return offset.isEmpty() ? Optional.empty() : file.readAt(offset.get(), length);
  }

  private static long pointer(byte[] b, int at, int size, boolean bigEndian) {
    return new ElfLayout.Bytes(b, b.length, !bigEndian).read(at, size);
  }
}
