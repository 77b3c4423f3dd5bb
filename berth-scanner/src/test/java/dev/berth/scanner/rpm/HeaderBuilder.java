package dev.berth.scanner.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Test helper that writes rpm header blobs the way rpm's {@code headerExport} lays them out for an rpmdb: an
 * immutable region (region entry first, entries sorted by tag, data aligned per type, a 16-byte trailer whose
 * offset is minus the region's index size), optionally followed by "dribble" entries outside the region.
 */
final class HeaderBuilder {
  private record Entry(int tag, int type, int count, byte[] data) {}

  private final List<Entry> region = new ArrayList<>();
  private final List<Entry> dribbles = new ArrayList<>();
  private boolean legacy;

  /** A header for an installed package with the usual tags; {@code epoch} may be null. */
  static HeaderBuilder pkg(String name, Integer epoch, String version, String release, String arch) {
    HeaderBuilder b = new HeaderBuilder()
        .string(RpmTag.NAME, name)
        .string(RpmTag.VERSION, version)
        .string(RpmTag.RELEASE, release)
        .i18n(RpmTag.SUMMARY, "the " + name + " package")
        .string(RpmTag.LICENSE, "MIT")
        .string(RpmTag.OS, "linux")
        .stringArray(RpmTag.HEADER_I18NTABLE, "C");
    if (arch != null) {
      b.string(RpmTag.ARCH, arch);
    }
    if (epoch != null) {
      b.int32(RpmTag.EPOCH, epoch);
    }
    return b;
  }

  /** Writes no region at all, as rpm 3 did. */
  HeaderBuilder legacy() {
    legacy = true;
    return this;
  }

  HeaderBuilder string(int tag, String value) {
    return add(tag, RpmTag.TYPE_STRING, 1, strings(value));
  }

  HeaderBuilder i18n(int tag, String... values) {
    return add(tag, RpmTag.TYPE_I18NSTRING, values.length, strings(values));
  }

  HeaderBuilder stringArray(int tag, String... values) {
    return add(tag, RpmTag.TYPE_STRING_ARRAY, values.length, strings(values));
  }

  HeaderBuilder int8(int tag, int value) {
    return add(tag, RpmTag.TYPE_INT8, 1, new byte[] {(byte) value});
  }

  HeaderBuilder int16(int tag, int value) {
    return add(tag, RpmTag.TYPE_INT16, 1, ByteBuffer.allocate(2).putShort((short) value).array());
  }

  HeaderBuilder int32(int tag, int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length);
    for (int v : values) {
      b.putInt(v);
    }
    return add(tag, RpmTag.TYPE_INT32, values.length, b.array());
  }

  HeaderBuilder int64(int tag, long value) {
    return add(tag, RpmTag.TYPE_INT64, 1, ByteBuffer.allocate(8).putLong(value).array());
  }

  HeaderBuilder bin(int tag, byte[] value) {
    return add(tag, RpmTag.TYPE_BIN, value.length, value.clone());
  }

  /** Adds a string entry after the region, as rpm adds tags to an installed header. */
  HeaderBuilder dribbleString(int tag, String value) {
    dribbles.add(new Entry(tag, RpmTag.TYPE_STRING, 1, strings(value)));
    return this;
  }

  private HeaderBuilder add(int tag, int type, int count, byte[] data) {
    region.add(new Entry(tag, type, count, data));
    return this;
  }

  /** The header blob: big-endian il, dl, index, data. */
  byte[] build() {
    List<Entry> sorted = new ArrayList<>(region);
    sorted.sort(Comparator.comparingInt(Entry::tag));
    boolean hasRegion = !legacy;
    int il = sorted.size() + dribbles.size() + (hasRegion ? 1 : 0);
    ByteBuffer index = ByteBuffer.allocate(il * 16);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    if (hasRegion) {
      index.position(16); // region entry written once the trailer's place is known
    }
    for (Entry e : sorted) {
      put(index, data, e);
    }
    if (hasRegion) {
      int trailerAt = data.size();
      int regionEntries = sorted.size() + 1;
      data.writeBytes(ByteBuffer.allocate(16)
          .putInt(RpmTag.HEADER_IMMUTABLE).putInt(RpmTag.TYPE_BIN).putInt(-16 * regionEntries).putInt(16)
          .array());
      index.putInt(0, RpmTag.HEADER_IMMUTABLE).putInt(4, RpmTag.TYPE_BIN).putInt(8, trailerAt).putInt(12, 16);
    }
    for (Entry e : dribbles) {
      put(index, data, e);
    }
    byte[] dataBytes = data.toByteArray();
    return ByteBuffer.allocate(8 + index.capacity() + dataBytes.length)
        .putInt(il).putInt(dataBytes.length).put(index.array()).put(dataBytes).array();
  }

  private static void put(ByteBuffer index, ByteArrayOutputStream data, Entry e) {
    int align = RpmTag.alignment(e.type());
    while (data.size() % align != 0) {
      data.write(0);
    }
    index.putInt(e.tag()).putInt(e.type()).putInt(data.size()).putInt(e.count());
    data.writeBytes(e.data());
  }

  private static byte[] strings(String... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String v : values) {
      out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }
}
