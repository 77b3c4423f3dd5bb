package dev.berth.scanner.layer;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds small layers in memory with commons-compress, so tests can write exactly the entries they need
 * (hostile names included: names are written as given, never normalised).
 */
public final class TarBuilder {
  /** How the built tar is compressed. */
  public enum Packing {
    PLAIN,
    GZIP,
    ZSTD
  }

  private final List<Item> items = new ArrayList<>();
  private int longFileMode = TarArchiveOutputStream.LONGFILE_GNU;

  private record Item(TarArchiveEntry entry, byte[] content) {}

  public static TarBuilder tar() {
    return new TarBuilder();
  }

  public TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  public TarBuilder file(String name, byte[] content) {
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
    e.setSize(content.length);
    e.setMode(0644);
    items.add(new Item(e, content));
    return this;
  }

  public TarBuilder dir(String name) {
    TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
    e.setMode(0755);
    items.add(new Item(e, new byte[0]));
    return this;
  }

  public TarBuilder symlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK);
    e.setLinkName(target);
    items.add(new Item(e, new byte[0]));
    return this;
  }

  public TarBuilder hardlink(String name, String target) {
    TarArchiveEntry e = entry(name, TarConstants.LF_LINK);
    e.setLinkName(target);
    items.add(new Item(e, new byte[0]));
    return this;
  }

  /** Writes {@code <dir>/.wh.<name>} for {@code path}. */
  public TarBuilder whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash + 1);
    return file(dir + ".wh." + path.substring(slash + 1), new byte[0]);
  }

  /** Writes {@code <dir>/.wh..wh..opq}. */
  public TarBuilder opaque(String dir) {
    return file((dir.isEmpty() ? "" : dir + "/") + ".wh..wh..opq", new byte[0]);
  }

  /** Long names as PAX headers instead of GNU long-name entries. */
  public TarBuilder paxLongNames() {
    longFileMode = TarArchiveOutputStream.LONGFILE_POSIX;
    return this;
  }

  public byte[] build(Packing packing) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compress(bytes, packing);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(longFileMode);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Item item : items) {
        tar.putArchiveEntry(item.entry());
        tar.write(item.content());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public byte[] plain() {
    return build(Packing.PLAIN);
  }

  static OutputStream compress(OutputStream out, Packing packing) throws IOException {
    return switch (packing) {
      case PLAIN -> out;
      case GZIP -> new GZIPOutputStream(out, 64 * 1024);
      case ZSTD -> new ZstdOutputStream(out);
    };
  }

  private static TarArchiveEntry entry(String name, byte type) {
    // preserveAbsolutePath keeps the name exactly as given, hostile or not
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setModTime(new Date(1_700_000_000_000L));
    return e;
  }
}
