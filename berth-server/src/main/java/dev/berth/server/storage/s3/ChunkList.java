package dev.berth.server.storage.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * An upload's chunk objects, sorted by start offset, split into the run that holds the upload's bytes from
 * offset 0 without a gap ({@link #contiguous()}) and any others ({@link #stray()}), which only a crash leaves.
 */
final class ChunkList {
  /** One chunk object: {@code length} bytes of the upload from {@code start}. */
  record Chunk(String key, long start, long length) {
    long end() {
      return start + length;
    }
  }

  private final List<Chunk> contiguous = new ArrayList<>();
  private final List<Chunk> stray = new ArrayList<>();
  private long size;

  ChunkList(List<Chunk> sorted) {
    boolean gap = false;
    for (Chunk c : sorted) {
      if (c.length() > 0 && c.start() == size && !gap) {
        contiguous.add(c);
        size = c.end();
      } else {
        gap |= c.length() > 0;
        stray.add(c);
      }
    }
  }

  boolean isEmpty() {
    return contiguous.isEmpty() && stray.isEmpty();
  }

  /** How many bytes the contiguous run holds. */
  long size() {
    return size;
  }

  List<Chunk> contiguous() {
    return contiguous;
  }

  List<Chunk> stray() {
    return stray;
  }

  /** The pieces holding the upload's first {@code length} bytes; {@code length} must not exceed {@link #size()}. */
  List<Piece> prefix(long length) {
    List<Piece> pieces = new ArrayList<>();
    for (Chunk c : contiguous) {
      if (c.start() >= length) {
        break;
      }
      pieces.add(new Piece(c.key(), 0, Math.min(c.length(), length - c.start()), c.length()));
    }
    return pieces;
  }
}
