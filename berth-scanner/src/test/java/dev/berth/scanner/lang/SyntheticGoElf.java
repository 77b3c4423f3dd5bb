package dev.berth.scanner.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a minimal ELF executable holding Go build information in the go1.13–1.17 pointer format, which no
 * toolchain on this machine produces any more: two {@code PT_LOAD} segments, a read-only one with the version
 * string and the framed module information (and a decoy version string), and a data one with the Go string
 * headers and the build-information header pointing at them. Go's {@code debug/buildinfo} reads such a file
 * (no section headers needed), so {@code go version -m} is its oracle.
 */
final class SyntheticGoElf {
  static final byte[] INFO_START = GoStringSnippets.INFO_START;
  static final byte[] INFO_END = GoStringSnippets.INFO_END;
  private static final int RODATA_OFF = 0x1000;
  private static final long BASE = 0x400000;

  private SyntheticGoElf() {}

  /**
   * @param is64 ELFCLASS64 with 8-byte pointers, else ELFCLASS32 with 4-byte pointers
   * @param bigEndian ELFDATA2MSB
   * @param headersBeforeBuildInfo whether the string headers precede the build-information header in the data
   *     segment (as in externally linked binaries, where .data comes first) or follow it
   */
  static byte[] pointerFormat(boolean is64, boolean bigEndian, boolean headersBeforeBuildInfo, String goVersion,
      String modInfo) {
    return pointerFormat(is64, bigEndian, headersBeforeBuildInfo, goVersion, modInfo, RODATA_OFF + 0x20);
  }

  /** As above, with the version string at file offset {@code versionOff} and the module information after it. */
  static byte[] pointerFormat(boolean is64, boolean bigEndian, boolean headersBeforeBuildInfo, String goVersion,
      String modInfo, int versionOff) {
    int ptr = is64 ? 8 : 4;
    byte[] decoy = "go1.99.9".getBytes(StandardCharsets.US_ASCII);
    byte[] version = goVersion.getBytes(StandardCharsets.US_ASCII);
    byte[] info = framed(modInfo);
    int infoOff = versionOff + version.length + 0x10;
    int dataOff = (infoOff + info.length + 0x1fff) & ~0xfff;
    ByteBuffer b = ByteBuffer.allocate(dataOff + 0x200).order(bigEndian ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN);
    // read-only segment: a decoy, the version string, the framed module information
    b.put(RODATA_OFF, decoy).put(versionOff, version).put(infoOff, info);
    int rodataSize = infoOff + info.length - RODATA_OFF;
    // data segment: string headers and the build-information header, 16-aligned
    int headersOff = headersBeforeBuildInfo ? dataOff : dataOff + 0x40;
    int buildInfoOff = headersBeforeBuildInfo ? dataOff + 0x40 : dataOff;
    putPtr(b, headersOff, ptr, vaddr(versionOff));
    putPtr(b, headersOff + ptr, ptr, version.length);
    putPtr(b, headersOff + 2 * ptr, ptr, vaddr(infoOff));
    putPtr(b, headersOff + 3 * ptr, ptr, info.length);
    b.put(buildInfoOff, GoBuildInfoReader.MAGIC);
    b.put(buildInfoOff + 14, (byte) ptr).put(buildInfoOff + 15, (byte) (bigEndian ? 1 : 0));
    putPtr(b, buildInfoOff + 16, ptr, vaddr(headersOff));
    putPtr(b, buildInfoOff + 16 + ptr, ptr, vaddr(headersOff + 2 * ptr));
    int dataSize = 0x80;
    elfHeader(b, is64, bigEndian);
    programHeader(b, is64, 0, RODATA_OFF, rodataSize, 4 /* PF_R */);
    programHeader(b, is64, 1, dataOff, dataSize, 6 /* PF_R|PF_W */);
    byte[] out = new byte[dataOff + dataSize];
    b.get(0, out);
    return out;
  }

  private static byte[] framed(String modInfo) {
    byte[] text = modInfo.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[INFO_START.length + text.length + INFO_END.length];
    System.arraycopy(INFO_START, 0, out, 0, INFO_START.length);
    System.arraycopy(text, 0, out, INFO_START.length, text.length);
    System.arraycopy(INFO_END, 0, out, INFO_START.length + text.length, INFO_END.length);
    return out;
  }

  private static long vaddr(int fileOffset) {
    return BASE + fileOffset;
  }

  private static void putPtr(ByteBuffer b, int at, int size, long value) {
    if (size == 8) {
      b.putLong(at, value);
    } else {
      b.putInt(at, (int) value);
    }
  }

  private static void elfHeader(ByteBuffer b, boolean is64, boolean bigEndian) {
    b.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (bigEndian ? 2 : 1), 1});
    b.putShort(16, (short) 2); // ET_EXEC
    b.putShort(18, (short) (is64 ? 62 : 8)); // EM_X86_64, EM_MIPS
    b.putInt(20, 1);
    if (is64) {
      b.putLong(24, BASE + RODATA_OFF); // entry
      b.putLong(32, 64); // phoff
      b.putShort(52, (short) 64); // ehsize
      b.putShort(54, (short) 56); // phentsize
      b.putShort(56, (short) 2); // phnum
      b.putShort(58, (short) 64); // shentsize
    } else {
      b.putInt(24, (int) (BASE + RODATA_OFF));
      b.putInt(28, 52);
      b.putShort(40, (short) 52);
      b.putShort(42, (short) 32);
      b.putShort(44, (short) 2);
      b.putShort(46, (short) 40);
    }
  }

  private static void programHeader(ByteBuffer b, boolean is64, int index, int offset, int size, int flags) {
    long vaddr = vaddr(offset);
    if (is64) {
      int at = 64 + index * 56;
      b.putInt(at, 1).putInt(at + 4, flags).putLong(at + 8, offset).putLong(at + 16, vaddr)
          .putLong(at + 24, vaddr).putLong(at + 32, size).putLong(at + 40, size).putLong(at + 48, 0x1000);
    } else {
      int at = 52 + index * 32;
      b.putInt(at, 1).putInt(at + 4, offset).putInt(at + 8, (int) vaddr).putInt(at + 12, (int) vaddr)
          .putInt(at + 16, size).putInt(at + 20, size).putInt(at + 24, flags).putInt(at + 28, 0x1000);
    }
  }
}
