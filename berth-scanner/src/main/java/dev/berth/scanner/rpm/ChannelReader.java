package dev.berth.scanner.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/** Positioned, bounds-checked reads from a channel whose size is fixed while it is read. */
final class ChannelReader {
  private final SeekableByteChannel channel;
  private final long size;

  ChannelReader(SeekableByteChannel channel) throws IOException {
    this.channel = channel;
    this.size = channel.size();
  }

  long size() {
    return size;
  }

  /**
   * Reads exactly {@code length} bytes at {@code position}.
   *
   * @param what names the structure being read, for the error message
   * @throws RpmFormatException if the range lies (partly) beyond the end of the file
   */
  ByteBuffer read(long position, int length, ByteOrder order, String what) throws IOException {
    byte[] bytes = new byte[checkRange(position, length, what)];
    readFully(position, bytes, 0, bytes.length, what);
    return ByteBuffer.wrap(bytes).order(order);
  }

  /** Reads exactly {@code length} bytes at {@code position} into {@code target} from {@code offset}. */
  void readFully(long position, byte[] target, int offset, int length, String what) throws IOException {
    checkRange(position, length, what);
    ByteBuffer buffer = ByteBuffer.wrap(target, offset, length);
    channel.position(position);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new RpmFormatException("file ended while reading " + what + " (it shrank while being read)");
      }
    }
  }

  private int checkRange(long position, int length, String what) throws RpmFormatException {
    if (position < 0 || length < 0 || position > size || length > size - position) {
      throw new RpmFormatException("truncated file: " + what + " needs bytes " + position + ".."
          + (position + length) + " but the file has " + size);
    }
    return length;
  }
}
