package dev.berth.server.registry;

import dev.berth.oci.ErrorCode;
import dev.berth.oci.RegistryException;
import dev.berth.server.http.Exchange;
import dev.berth.server.registry.Rows.UploadRow;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** How an upload chunk's {@code Content-Range} is held against the upload and against the bytes that arrive. */
final class ChunkRanges {
  private ChunkRanges() {}

  /** A chunk with a {@code Content-Range} must start where the upload ends and be as long as it says (else 416). */
  static void check(UploadRow row, Optional<ByteRange> range, Body body) {
    if (range.isEmpty()) {
      return;
    }
    ByteRange r = range.get();
    long declared = body.declaredLength();
    if (r.start() != row.size() || (declared >= 0 && declared != r.length())) {
      throw new RegistryException(ErrorCode.RANGE_INVALID, "chunk out of order or malformed",
          Map.of("range", ByteRange.uploadProgress(row.size()), "size", row.size()));
    }
  }

  // A chunk sent without Content-Length (chunked transfer encoding) can only be held to its Content-Range while
  // it streams: more bytes than declared are refused before they are written, fewer once the body ends. Either
  // way the row does not advance (unless a checkpoint passed within a chunk over CHECKPOINT_BYTES; the status then
  // reports what was kept), so the next chunk starts where the last good one ended.
  static Body exactly(UploadRow row, Optional<ByteRange> range, Body body) {
    if (range.isEmpty()) {
      return body;
    }
    long expected = range.get().length();
    return new Body() {
      @Override
      public long read(Exchange.BodySink sink) throws IOException {
        long[] seen = {0};
        long n = body.read(chunk -> {
          seen[0] += chunk.remaining();
          if (seen[0] > expected) {
            throw rangeMismatch(row);
          }
          sink.accept(chunk);
        });
        if (n != expected) {
          throw rangeMismatch(row);
        }
        return n;
      }

      @Override
      public long declaredLength() {
        return body.declaredLength();
      }
    };
  }

  private static RegistryException rangeMismatch(UploadRow row) {
    return new RegistryException(ErrorCode.RANGE_INVALID, "chunk length does not match its Content-Range",
        Map.of("range", ByteRange.uploadProgress(row.size()), "size", row.size()));
  }
}
