package dev.berth.scanner.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads UTF-8 lines from a stream while keeping at most {@code maxLine} bytes of any line: the rest of an overlong
 * line is skipped, so a hostile file with no newline cannot make us buffer it. Package databases keep the fields
 * we read on short lines; only descriptions and file lists run long.
 */
final class LineReader {
  private final InputStream in;
  private final int maxLine;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private boolean eof;

  LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /** The next line without its terminator ({@code \n} or {@code \r\n}); empty at the end of the stream. */
  Optional<String> next() throws IOException {
    int len = 0;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        return any ? Optional.of(decode(len)) : Optional.empty();
      }
      any = true;
      byte b = buffer[pos++];
      if (b == '\n') {
        return Optional.of(decode(len));
      }
      if (len < maxLine) {
        if (len == line.length) {
          line = Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
        }
        line[len++] = b;
      }
    }
  }

  private String decode(int len) {
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new String(line, 0, len, StandardCharsets.UTF_8);
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer);
    if (n <= 0) {
      eof = n < 0;
      if (n == 0) {
        int b = in.read();
        if (b < 0) {
          eof = true;
          return false;
        }
        buffer[0] = (byte) b;
        pos = 0;
        limit = 1;
        return true;
      }
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }
}
