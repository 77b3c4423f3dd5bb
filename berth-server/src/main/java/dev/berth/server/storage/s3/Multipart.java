package dev.berth.server.storage.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One multipart upload of one object, part by part. The object appears, whole, only when {@link #complete()}
 * returns; an upload that is neither completed nor aborted is found and aborted later by
 * {@link S3BlobStore#abortStaleMultipartUploads}.
 */
final class Multipart {
  /** S3's smallest part, except for an upload's last one. */
  static final long MIN_PART = 5L << 20;
  /** S3's largest part, and largest single copy. */
  static final long MAX_PART = 5L << 30;

  private static final Logger log = LoggerFactory.getLogger(Multipart.class);

  private final S3Bucket bucket;
  private final String key;
  private final String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();

  private Multipart(S3Bucket bucket, String key, String uploadId) {
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
  }

  static Multipart start(S3Bucket bucket, String key) throws IOException {
    return new Multipart(bucket, key, bucket.createMultipart(key));
  }

  /** Uploads the buffered bytes as the next part. */
  void upload(PartBuffer bytes) throws IOException {
    parts.add(bucket.uploadPart(key, uploadId, parts.size() + 1, bytes));
  }

  /** Copies {@code length} bytes of {@code source} from {@code from} as the next part, inside the server. */
  void copy(String source, long from, long length) throws IOException {
    parts.add(bucket.copyPart(key, uploadId, parts.size() + 1, source, from, length));
  }

  void complete() throws IOException {
    bucket.completeMultipart(key, uploadId, List.copyOf(parts));
  }

  /** Aborts, logging rather than throwing: used while another failure is being reported. */
  void abortQuietly() {
    try {
      bucket.abortMultipart(key, uploadId);
    } catch (IOException e) {
      log.atWarn().addKeyValue("key", key).addKeyValue("error", e.getMessage())
          .log("could not abort multipart upload; stale upload cleanup will retry");
    }
  }
}
