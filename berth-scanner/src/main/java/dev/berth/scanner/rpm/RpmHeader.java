package dev.berth.scanner.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One rpm header as an rpm database stores it: the "header blob" of rpm's {@code lib/header.c} without the
 * 8-byte header magic. Layout, all big-endian: the index entry count {@code il} and data length {@code dl}
 * (4 bytes each), {@code il} index entries of 16 bytes ({@code tag, type, offset, count}), then {@code dl} bytes
 * of data.
 *
 * <p>{@link #parse} checks the blob the way rpm's {@code hdrblobInit} does before anything is read from it:
 * exact size, sane counts, a well-formed region and trailer when the first entry is a region tag, every
 * entry's type, alignment and data range, strings terminated inside the data, and entries in offset order. A
 * blob that fails a check ends in an {@link RpmFormatException}; nothing is ever read outside the blob.
 *
 * <p>Entries after the region ("dribbles", which rpm appends after installing) replace region entries with the
 * same tag, as rpm's {@code hdrblobImport} does.
 */
final class RpmHeader {
  /** rpm's {@code HEADER_TAGS_MAX}. */
  static final int MAX_ENTRIES = 0xffff;
  /** rpm's {@code HEADER_DATA_MAX}. */
  static final int MAX_DATA = 0x0fffffff;

  private static final int PREAMBLE = 8;
  private static final int ENTRY_SIZE = 16;

  private final byte[] blob;
  private final int dataStart;
  private final int[] tags;
  private final int[] types;
  private final int[] offsets;
  private final int[] counts;
  private final int[] lengths;
  private final Map<Integer, Integer> byTag;

  private RpmHeader(byte[] blob, int entries) {
    this.blob = blob;
    this.dataStart = PREAMBLE + entries * ENTRY_SIZE;
    this.tags = new int[entries];
    this.types = new int[entries];
    this.offsets = new int[entries];
    this.counts = new int[entries];
    this.lengths = new int[entries];
    this.byTag = new HashMap<>();
  }

  /**
   * Checks and indexes a header blob. The blob is kept, not copied.
   *
   * @throws RpmFormatException if the blob is not a well-formed header
   */
  static RpmHeader parse(byte[] blob) throws RpmFormatException {
    if (blob.length < PREAMBLE + ENTRY_SIZE) {
      throw new RpmFormatException("header blob of " + blob.length + " bytes is too short for one index entry");
    }
    long il = u32(blob, 0);
    long dl = u32(blob, 4);
    if (il < 1 || il > MAX_ENTRIES) {
      throw new RpmFormatException("header declares " + il + " index entries (allowed 1.." + MAX_ENTRIES + ")");
    }
    if (dl > MAX_DATA) {
      throw new RpmFormatException("header declares " + dl + " data bytes (allowed up to " + MAX_DATA + ")");
    }
    long declared = PREAMBLE + il * ENTRY_SIZE + dl;
    if (declared != blob.length) {
      throw new RpmFormatException("header declares " + il + " index entries and " + dl + " data bytes ("
          + declared + " bytes in all) but the blob holds " + blob.length + " bytes");
    }
    RpmHeader header = new RpmHeader(blob, (int) il);
    header.readIndex();
    int first = header.checkRegion((int) dl);
    header.checkEntries(first, (int) dl);
    return header;
  }

  private void readIndex() {
    for (int i = 0; i < tags.length; i++) {
      int at = PREAMBLE + i * ENTRY_SIZE;
      tags[i] = s32(blob, at);
      types[i] = s32(blob, at + 4);
      offsets[i] = s32(blob, at + 8);
      counts[i] = s32(blob, at + 12);
    }
  }

  /** Checks the region entry and its trailer, if the header has one; returns the first ordinary entry. */
  private int checkRegion(int dl) throws RpmFormatException {
    int tag = tags[0];
    if (tag != RpmTag.HEADER_IMAGE && tag != RpmTag.HEADER_SIGNATURES && tag != RpmTag.HEADER_IMMUTABLE) {
      return 0;
    }
    if (types[0] != RpmTag.TYPE_BIN || counts[0] != ENTRY_SIZE) {
      throw new RpmFormatException("region tag " + tag + " has type " + types[0] + " and count " + counts[0]
          + " (expected type 7, count 16)");
    }
    long trailerAt = offsets[0];
    if (trailerAt < 0 || trailerAt + ENTRY_SIZE > dl) {
      throw new RpmFormatException(
          "region trailer offset " + trailerAt + " is outside the " + dl + " data bytes");
    }
    int at = dataStart + (int) trailerAt;
    int trailerTag = s32(blob, at);
    int trailerType = s32(blob, at + 4);
    long regionIndexBytes = -(long) s32(blob, at + 8);
    int trailerCount = s32(blob, at + 12);
    if (trailerTag != tag || trailerType != RpmTag.TYPE_BIN || trailerCount != ENTRY_SIZE) {
      throw new RpmFormatException("region trailer is tag " + trailerTag + " type " + trailerType + " count "
          + trailerCount + " (expected tag " + tag + ", type 7, count 16)");
    }
    long regionEntries = regionIndexBytes / ENTRY_SIZE;
    if (regionIndexBytes % ENTRY_SIZE != 0 || regionEntries < 1 || regionEntries > tags.length) {
      throw new RpmFormatException("region trailer claims " + regionIndexBytes + " index bytes for a header of "
          + tags.length + " entries");
    }
    lengths[0] = ENTRY_SIZE;
    return 1;
  }

  private void checkEntries(int first, int dl) throws RpmFormatException {
    long end = 0;
    for (int i = first; i < tags.length; i++) {
      int type = types[i];
      int offset = offsets[i];
      String where = "index entry " + i + " (tag " + tags[i] + ", type " + type + ", offset " + offset
          + ", count " + Integer.toUnsignedString(counts[i]) + ")";
      if (tags[i] < RpmTag.HEADER_I18NTABLE) {
        throw new RpmFormatException(where + " has a reserved tag number");
      }
      if (type < RpmTag.TYPE_CHAR || type > RpmTag.TYPE_I18NSTRING) {
        throw new RpmFormatException(where + " has an unknown data type");
      }
      if (offset < 0 || offset > dl) {
        throw new RpmFormatException(where + " points outside the " + dl + " data bytes");
      }
      if (offset % RpmTag.alignment(type) != 0) {
        throw new RpmFormatException(where + " is not aligned for its type");
      }
      if (end > offset) {
        throw new RpmFormatException(where + " overlaps the previous entry's data");
      }
      long length = dataLength(type, offset, Integer.toUnsignedLong(counts[i]), dl);
      if (length <= 0 || offset + length > dl) {
        throw new RpmFormatException(where + " has data that does not fit in the " + dl + " data bytes");
      }
      lengths[i] = (int) length;
      end = offset + length;
      byTag.put(tags[i], i);
    }
  }

  /** The data length of an entry, or -1 when it cannot fit: rpm's {@code dataLength} for on-disk data. */
  private long dataLength(int type, int offset, long count, int dl) {
    int size = RpmTag.itemSize(type);
    if (size > 0) {
      return size * count;
    }
    if (type == RpmTag.TYPE_STRING && count != 1) {
      return -1;
    }
    int from = dataStart + offset;
    int limit = dataStart + dl;
    long found = 0;
    for (int p = from; p < limit; p++) {
      if (blob[p] == 0 && ++found == count) {
        return p - from + 1L;
      }
    }
    return -1;
  }

  /** How many index entries the header has, the region entry included. */
  int entryCount() {
    return tags.length;
  }

  /** Whether the header has an entry for {@code tag}. */
  boolean has(int tag) {
    return byTag.containsKey(tag);
  }

  /**
   * The string value of a tag: a {@code STRING}, or the first item of an {@code I18NSTRING} (the {@code C}
   * locale, as rpm prints it without a locale) or a {@code STRING_ARRAY}. Empty when absent or not a string.
   */
  Optional<String> string(int tag) {
    List<String> all = strings(tag);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** All items of a string-typed tag, in order; empty when absent or not a string type. */
  List<String> strings(int tag) {
    Integer i = byTag.get(tag);
    if (i == null || RpmTag.itemSize(types[i]) != -1) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int p = dataStart + offsets[i];
    int end = p + lengths[i];
    while (p < end) {
      int nul = p;
      while (blob[nul] != 0) {
        nul++;
      }
      out.add(new String(blob, p, nul - p, StandardCharsets.UTF_8));
      p = nul + 1;
    }
    return out;
  }

  /** The first value of an integer-typed tag (INT32 read unsigned); empty when absent or not an integer. */
  OptionalLong integer(int tag) {
    Integer i = byTag.get(tag);
    if (i == null) {
      return OptionalLong.empty();
    }
    int at = dataStart + offsets[i];
    return switch (types[i]) {
      case RpmTag.TYPE_CHAR, RpmTag.TYPE_INT8 -> OptionalLong.of(blob[at] & 0xff);
      case RpmTag.TYPE_INT16 -> OptionalLong.of(((blob[at] & 0xff) << 8) | (blob[at + 1] & 0xff));
      case RpmTag.TYPE_INT32 -> OptionalLong.of(u32(blob, at));
      case RpmTag.TYPE_INT64 -> OptionalLong.of((u32(blob, at) << 32) | u32(blob, at + 4));
      default -> OptionalLong.empty();
    };
  }

  /** The bytes of a {@code BIN} tag; empty when absent or another type. */
  Optional<byte[]> binary(int tag) {
    Integer i = byTag.get(tag);
    if (i == null || types[i] != RpmTag.TYPE_BIN) {
      return Optional.empty();
    }
    int at = dataStart + offsets[i];
    return Optional.of(Arrays.copyOfRange(blob, at, at + lengths[i]));
  }

  private static long u32(byte[] b, int at) {
    return Integer.toUnsignedLong(s32(b, at));
  }

  private static int s32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}
