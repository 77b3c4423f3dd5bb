package dev.berth.server.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Writes one object whose bytes are the concatenation of pieces of other objects (an upload's chunks), so that
 * the object appears atomically, whole, when the last call returns.
 *
 * <p>S3 parts must be at least 5 MiB except the last, while chunks come in any size. So, walking the pieces in
 * order: a stretch of at least 5 MiB that starts with nothing buffered is copied inside the server as one
 * {@code UploadPartCopy} part (up to 5 GiB each); smaller stretches are read back and collected in a buffer of
 * {@link #PART_SIZE}, which becomes a part when full and the last part at the end. A buffer that is not empty is
 * topped up from the next piece before that piece's remainder can be copied, so no part but the last is short.
 * Everything fitting one buffer becomes a single PUT; a single whole object, one server-side copy. Without
 * server-side assembly (servers lacking {@code UploadPartCopy}) every byte is read back and uploaded again.
 * Memory stays at one buffer whatever the object's size.
 */
final class Assembler {
  /** The size of the parts read back and uploaded again. */
  static final int PART_SIZE = 8 << 20;

  private final S3Bucket bucket;
  private final boolean serverSide;

  Assembler(S3Bucket bucket, boolean serverSide) {
    this.bucket = bucket;
    this.serverSide = serverSide;
  }

  /** Writes {@code target} from {@code pieces}, which hold {@code total} bytes. */
  void write(String target, List<Piece> pieces, long total) throws IOException {
    if (total == 0) {
      bucket.putEmpty(target);
      return;
    }
    if (serverSide && pieces.size() == 1 && pieces.get(0).isWholeObject() && total <= Multipart.MAX_PART
        && !pieces.get(0).key().equals(target)) {
      bucket.copy(pieces.get(0).key(), target);
      return;
    }
    PartBuffer buffer = new PartBuffer(PART_SIZE);
    Multipart multipart = null;
    try {
      for (Piece piece : pieces) {
        long position = piece.from();
        long end = piece.from() + piece.length();
        while (position < end) {
          long remaining = end - position;
          if (serverSide && buffer.isEmpty() && remaining >= Multipart.MIN_PART) {
            long n = Math.min(remaining, Multipart.MAX_PART);
            multipart = multipart != null ? multipart : Multipart.start(bucket, target);
            multipart.copy(piece.key(), position, n);
            position += n;
          } else {
            int n = (int) Math.min(remaining, buffer.room());
            try (InputStream in = bucket.get(piece.key(), position, position + n - 1)) {
              buffer.fill(in, n);
            }
            position += n;
            if (buffer.isFull()) {
              multipart = multipart != null ? multipart : Multipart.start(bucket, target);
              multipart.upload(buffer);
              buffer.clear();
            }
          }
        }
      }
      if (multipart == null) {
        bucket.put(target, buffer);
        return;
      }
      if (!buffer.isEmpty()) {
        multipart.upload(buffer);
      }
      multipart.complete();
    } catch (IOException | RuntimeException e) {
      if (multipart != null) {
        multipart.abortQuietly();
      }
      throw e;
    }
  }
}
