package dev.berth.server.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;

/** The bytes of several object pieces in order, each fetched by one ranged GET when reading reaches it. */
final class PiecesInputStream extends InputStream {
  private final S3Bucket bucket;
  private final Iterator<Piece> pieces;
  private ResponseInputStream<?> current;
  private String currentKey;
  private long currentRemaining;

  PiecesInputStream(S3Bucket bucket, List<Piece> pieces) {
    this.bucket = bucket;
    this.pieces = pieces.iterator();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || currentRemaining == 0) {
      closeCurrent();
      if (!pieces.hasNext()) {
        return -1;
      }
      Piece p = pieces.next();
      current = bucket.get(p.key(), p.from(), p.from() + p.length() - 1);
      currentKey = p.key();
      currentRemaining = p.length();
    }
    int n = current.read(b, off, (int) Math.min(len, currentRemaining));
    if (n < 0) {
      throw new IOException("object " + currentKey + " ended " + currentRemaining + " bytes early");
    }
    currentRemaining -= n;
    return n;
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      ObjectContent.abortUnlessEnded(current, currentRemaining == 0);
      current = null;
    }
  }
}
