package dev.berth.server.storage.s3;

import dev.berth.server.storage.UploadAppender;
import dev.berth.server.storage.UploadId;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Appends to an upload by writing chunk objects: everything written between two {@link #sync()}s becomes one
 * object keyed by its start offset. Bytes stream through a buffer of one part: when it is full and more bytes
 * come, it is uploaded as a part of a multipart upload of the chunk; at {@code sync()} the chunk is completed (or,
 * if it fits one buffer, PUT whole), so that it then exists, durably, and before then does not exist at all.
 */
final class ChunkAppender implements UploadAppender {
  private final S3Bucket bucket;
  private final S3Keys keys;
  private final UploadId id;
  private final PartBuffer buffer = new PartBuffer(Assembler.PART_SIZE);
  private long chunkStart;
  private long position;
  private Multipart multipart;

  ChunkAppender(S3Bucket bucket, S3Keys keys, UploadId id, long offset) {
    this.bucket = bucket;
    this.keys = keys;
    this.id = id;
    this.chunkStart = offset;
    this.position = offset;
  }

  @Override
  public void write(ByteBuffer source) throws IOException {
    while (source.hasRemaining()) {
      if (buffer.isFull()) { // only now: a chunk that ends here is one PUT at sync()
        if (multipart == null) {
          multipart = Multipart.start(bucket, keys.chunk(id, chunkStart));
        }
        multipart.upload(buffer);
        buffer.clear();
      }
      int before = buffer.size();
      buffer.take(source);
      position += buffer.size() - before;
    }
  }

  @Override
  public long sync() throws IOException {
    if (position == chunkStart) {
      return position;
    }
    String key = keys.chunk(id, chunkStart);
    if (multipart == null) {
      bucket.put(key, buffer);
    } else {
      if (!buffer.isEmpty()) {
        multipart.upload(buffer);
      }
      multipart.complete();
      multipart = null;
    }
    buffer.clear();
    chunkStart = position;
    return position;
  }

  @Override
  public void close() {
    if (multipart != null) {
      multipart.abortQuietly();
      multipart = null;
    }
  }
}
