package dev.berth.scanner.layer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Date;
import java.util.Enumeration;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Generates tar streams of any size lazily, entry by entry, so that tests can feed the walker far more bytes
 * than the heap could hold. Headers are written by commons-compress; contents are generated on read. Nested
 * archives are synthetic tars themselves, with their length computed up front as the tar header needs it.
 */
public final class SyntheticTar {
  private static final int BLOCK = 512;

  /** One entry: a name under 100 characters, its content size and a supplier of exactly that many bytes. */
  public record Spec(String name, long size, Supplier<InputStream> content) {
    public static Spec file(String name, long size) {
      return new Spec(name, size, () -> pattern(size));
    }
  }

  private SyntheticTar() {}

  /** A tar stream of {@code count} entries, entry {@code i} described by {@code entryAt.apply(i)}. */
  public static InputStream stream(long count, LongFunction<Spec> entryAt) {
    return new SequenceInputStream(new Enumeration<InputStream>() {
      private long next;
      private int part;
      private Spec current;

      @Override
      public boolean hasMoreElements() {
        return next <= count;
      }

      @Override
      public InputStream nextElement() {
        if (next > count) {
          throw new NoSuchElementException();
        }
        if (next == count) {
          next++;
          return new ByteArrayInputStream(new byte[2 * BLOCK]);
        }
        return switch (part) {
          case 0 -> {
            current = entryAt.apply(next);
            part = 1;
            yield new ByteArrayInputStream(header(current));
          }
          case 1 -> {
            part = 2;
            yield current.content().get();
          }
          default -> {
            part = 0;
            next++;
            yield new ByteArrayInputStream(new byte[padding(current.size())]);
          }
        };
      }
    });
  }

  /** The byte length of {@link #stream} for the same entries. */
  public static long length(long count, LongFunction<Spec> entryAt) {
    long total = 2 * BLOCK;
    for (long i = 0; i < count; i++) {
      long size = entryAt.apply(i).size();
      total += BLOCK + size + padding(size);
    }
    return total;
  }

  /** An entry whose content is itself a synthetic tar. */
  public static Spec nested(String name, long count, LongFunction<Spec> entryAt) {
    return new Spec(name, length(count, entryAt), () -> stream(count, entryAt));
  }

  /** {@code size} bytes of repeating text, generated as read. */
  public static InputStream pattern(long size) {
    byte[] unit = "berth synthetic layer content 0123456789\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return new InputStream() {
      private long left = size;
      private int pos;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        left--;
        byte b = unit[pos];
        pos = (pos + 1) % unit.length;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          b[off + i] = unit[pos];
          pos = pos + 1 == unit.length ? 0 : pos + 1;
        }
        left -= n;
        return n;
      }
    };
  }

  private static byte[] header(Spec spec) {
    TarArchiveEntry entry = new TarArchiveEntry(spec.name(), TarConstants.LF_NORMAL, true);
    entry.setSize(spec.size());
    entry.setMode(0644);
    entry.setModTime(new Date(1_700_000_000_000L));
    byte[] header = new byte[BLOCK];
    entry.writeEntryHeader(header);
    return header;
  }

  private static int padding(long size) {
    int rest = (int) (size % BLOCK);
    return rest == 0 ? 0 : BLOCK - rest;
  }
}
