package dev.berth.scanner.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loadable segments of an ELF file, read from its header and program headers: enough to map a virtual
 * address to a file offset, as Go's {@code debug/buildinfo} does, without the section headers that sit at the end
 * of the file.
 *
 * @param loads the {@code PT_LOAD} segments in file order
 */
record ElfLayout(List<Segment> loads) {
  static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final int PT_LOAD = 1;
  private static final int PF_X = 1;
  private static final int PF_W = 2;
  // Real binaries have a dozen program headers; more than this is not a file worth trusting.
  private static final int MAX_PROGRAM_HEADERS = 512;

  ElfLayout {
    loads = List.copyOf(loads);
  }

  /**
   * One loadable segment.
   *
   * @param offset where its bytes start in the file
   * @param vaddr where they are mapped in memory
   * @param filesz how many bytes the file holds
   * @param flags {@code PF_R}, {@code PF_W}, {@code PF_X}
   */
  record Segment(long offset, long vaddr, long filesz, int flags) {
    /** A data segment: writable, not executable; Go puts its build information there. */
    boolean isData() {
      return (flags & (PF_X | PF_W)) == PF_W;
    }
  }

  /**
   * Parses the ELF header and program headers from the first bytes of a file.
   *
   * @param head the file's first bytes
   * @param length how many of them are valid
   * @return the layout (without segments when the program headers lie beyond {@code head} or are malformed),
   *     or empty when the bytes are not an ELF header
   */
  static Optional<ElfLayout> parse(byte[] head, int length) {
    if (length < 52 || !startsWithMagic(head, length)) {
      return Optional.empty();
    }
    boolean is64 = head[4] == 2;
    boolean little = head[5] == 1;
    if ((head[4] != 1 && !is64) || (head[5] != 1 && head[5] != 2) || (is64 && length < 64)) {
      return Optional.empty();
    }
    var in = new Bytes(head, length, little);
    long phoff = is64 ? in.u64(32) : in.u32(28);
    int phentsize = in.u16(is64 ? 54 : 42);
    int phnum = in.u16(is64 ? 56 : 44);
    int minEntry = is64 ? 56 : 32;
    if (phnum == 0 || phnum > MAX_PROGRAM_HEADERS || phentsize < minEntry || phoff < 0
        || phoff + (long) phnum * phentsize > length) {
      return Optional.of(new ElfLayout(List.of()));
    }
    List<Segment> loads = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      int at = (int) (phoff + (long) i * phentsize);
      if (in.u32(at) != PT_LOAD) {
        continue;
      }
      Segment s = is64
          ? new Segment(in.u64(at + 8), in.u64(at + 16), in.u64(at + 32), (int) in.u32(at + 4))
          : new Segment(in.u32(at + 4), in.u32(at + 8), in.u32(at + 16), (int) in.u32(at + 24));
      if (s.offset() >= 0 && s.filesz() >= 0 && s.offset() + s.filesz() >= s.offset()) {
        loads.add(s);
      }
    }
    return Optional.of(new ElfLayout(loads));
  }

  static boolean startsWithMagic(byte[] head, int length) {
    return length >= 4 && head[0] == MAGIC[0] && head[1] == MAGIC[1] && head[2] == MAGIC[2]
        && head[3] == MAGIC[3];
  }

  /**
   * The file offset of {@code size} bytes at virtual address {@code vaddr}, when one segment's file bytes hold
   * all of them.
   */
  Optional<Long> fileOffset(long vaddr, long size) {
    for (Segment s : loads) {
      long rel = vaddr - s.vaddr();
      if (Long.compareUnsigned(vaddr, s.vaddr()) >= 0 && Long.compareUnsigned(rel, s.filesz()) < 0
          && size >= 0 && size <= s.filesz() - rel) {
        return Optional.of(s.offset() + rel);
      }
    }
    return Optional.empty();
  }

  /** The file ranges {@code [start, end)} of the data segments; the whole file when there are none. */
  List<long[]> dataRanges() {
    List<long[]> ranges = new ArrayList<>();
    for (Segment s : loads) {
      if (s.isData() && s.filesz() > 0) {
        ranges.add(new long[] {s.offset(), s.offset() + s.filesz()});
      }
    }
    return ranges.isEmpty() ? List.<long[]>of(new long[] {0, Long.MAX_VALUE}) : ranges;
  }

  /** Little- or big-endian unsigned reads; values beyond {@code Long.MAX_VALUE} come back negative. */
  record Bytes(byte[] b, int length, boolean little) {
    int u16(int at) {
      return (int) read(at, 2);
    }

    long u32(int at) {
      return read(at, 4);
    }

    long u64(int at) {
      return read(at, 8);
    }

    long read(int at, int n) {
      if (at < 0 || at + n > length) {
        return -1;
      }
      long v = 0;
      for (int i = 0; i < n; i++) {
        int shift = little ? 8 * i : 8 * (n - 1 - i);
        v |= (b[at + i] & 0xffL) << shift;
      }
      return v;
    }
  }
}
