package dev.berth.scanner.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** How a layer blob is compressed, told by its first bytes (the media type is only a hint). */
enum Compression {
  NONE,
  GZIP,
  ZSTD;

  private static final int BUFFER = 64 * 1024;

  /**
   * Detects the compression from the magic bytes at the start of {@code in}, which must support mark/reset.
   * When the bytes are not conclusive (an empty stream) the media type decides; otherwise it is ignored,
   * because registries are known to label zstd layers as gzip and the bytes cannot lie.
   */
  static Compression detect(BufferedInputStream in, String mediaTypeHint) throws IOException {
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    // a zstd stream may open with a skippable frame (magic 0x184D2A5?, little-endian)
    if (magic.length == 4 && (magic[0] & 0xf0) == 0x50 && (magic[1] & 0xff) == 0x2a
        && (magic[2] & 0xff) == 0x4d && (magic[3] & 0xff) == 0x18) {
      return ZSTD;
    }
    if (magic.length == 0) {
      return fromMediaType(mediaTypeHint);
    }
    return NONE;
  }

  /** What the media type claims ({@code …tar+gzip}, {@code …tar.gzip}, {@code …tar+zstd}); NONE otherwise. */
  static Compression fromMediaType(String mediaType) {
    String m = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    if (m.endsWith("gzip")) {
      return GZIP;
    }
    if (m.endsWith("zstd")) {
      return ZSTD;
    }
    return NONE;
  }

  /**
   * Wraps {@code in} in this decompressor. Closing the result releases native memory but does not close
   * {@code in}, which belongs to the caller.
   */
  InputStream open(InputStream in) throws IOException {
    InputStream shielded = new FilterInputStream(in) {
      @Override
      public void close() {
        // the caller owns the layer stream
      }
    };
    return switch (this) {
      case NONE -> shielded;
      case GZIP -> new GZIPInputStream(shielded, BUFFER);
      case ZSTD -> new ZstdInputStreamNoFinalizer(shielded);
    };
  }
}
