package dev.berth.server.storage.s3;

import dev.berth.server.storage.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 calls the store makes on its bucket, with the SDK's unchecked exceptions turned into
 * {@link IOException}s that name the operation and key (never a credential), and a missing object into
 * {@link NoSuchFileException}.
 */
final class S3Bucket {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(S3Bucket.class);
  private static final int DELETE_BATCH = 1000;
  private static final String OCTET_STREAM = "application/octet-stream";

  private final S3Client client;
  private final String name;

  S3Bucket(S3Client client, String name) {
    this.client = client;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The object's size, or empty if there is no such object. */
  Optional<Long> size(String key) throws IOException {
    try {
      return Optional.of(client.headObject(b -> b.bucket(name).key(key)).contentLength());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failure("head", key, e);
    } catch (SdkException e) {
      throw failure("head", key, e);
    }
  }

  /**
   * Reads bytes {@code from} to {@code toInclusive} of an object, or from {@code from} to its end when
   * {@code toInclusive} is negative.
   *
   * @throws NoSuchFileException if there is no such object
   * @throws RangeNotSatisfiable if the object ends before {@code from}
   */
  ResponseInputStream<GetObjectResponse> get(String key, long from, long toInclusive) throws IOException {
    String range = from == 0 && toInclusive < 0 ? null
        : "bytes=" + from + "-" + (toInclusive < 0 ? "" : Long.toString(toInclusive));
    try {
      return client.getObject(b -> b.bucket(name).key(key).range(range));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(key);
      }
      if (e.statusCode() == 416) {
        throw new RangeNotSatisfiable(key);
      }
      throw failure("get", key, e);
    } catch (SdkException e) {
      throw failure("get", key, e);
    }
  }

  void put(String key, PartBuffer bytes) throws IOException {
    try {
      client.putObject(b -> b.bucket(name).key(key).contentType(OCTET_STREAM).contentLength((long) bytes.size()),
          bytes.body());
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  void putEmpty(String key) throws IOException {
    try {
      client.putObject(b -> b.bucket(name).key(key).contentType(OCTET_STREAM).contentLength(0L), RequestBody.empty());
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  /** A server-side copy of a whole object (at most 5 GiB). */
  void copy(String source, String target) throws IOException {
    try {
      client.copyObject(b -> b.sourceBucket(name).sourceKey(source).destinationBucket(name).destinationKey(target));
    } catch (SdkException e) {
      throw failure("copy", source, e);
    }
  }

  String createMultipart(String key) throws IOException {
    try {
      return client.createMultipartUpload(b -> b.bucket(name).key(key).contentType(OCTET_STREAM)).uploadId();
    } catch (SdkException e) {
      throw failure("create multipart upload", key, e);
    }
  }

  CompletedPart uploadPart(String key, String uploadId, int part, PartBuffer bytes) throws IOException {
    try {
      String etag = client.uploadPart(b -> b.bucket(name).key(key).uploadId(uploadId).partNumber(part)
          .contentLength((long) bytes.size()), bytes.body()).eTag();
      return CompletedPart.builder().partNumber(part).eTag(etag).build();
    } catch (SdkException e) {
      throw failure("upload part", key, e);
    }
  }

  CompletedPart copyPart(String key, String uploadId, int part, String source, long from, long length)
      throws IOException {
    try {
      String etag = client.uploadPartCopy(b -> b.sourceBucket(name).sourceKey(source).destinationBucket(name)
          .destinationKey(key).uploadId(uploadId).partNumber(part)
          .copySourceRange("bytes=" + from + "-" + (from + length - 1))).copyPartResult().eTag();
      return CompletedPart.builder().partNumber(part).eTag(etag).build();
    } catch (SdkException e) {
      throw failure("upload part copy", source, e);
    }
  }

  void completeMultipart(String key, String uploadId, List<CompletedPart> parts) throws IOException {
    try {
      client.completeMultipartUpload(b -> b.bucket(name).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException e) {
      throw failure("complete multipart upload", key, e);
    }
  }

  void abortMultipart(String key, String uploadId) throws IOException {
    try {
      client.abortMultipartUpload(b -> b.bucket(name).key(key).uploadId(uploadId));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) { // already completed or aborted
        throw failure("abort multipart upload", key, e);
      }
    } catch (SdkException e) {
      throw failure("abort multipart upload", key, e);
    }
  }

  /** The multipart uploads in progress under {@code prefix}. */
  List<MultipartUpload> multipartUploads(String prefix) throws IOException {
    try {
      List<MultipartUpload> uploads = new ArrayList<>();
      client.listMultipartUploadsPaginator(b -> b.bucket(name).prefix(prefix)).uploads().forEach(uploads::add);
      return uploads;
    } catch (SdkException e) {
      throw failure("list multipart uploads", prefix, e);
    }
  }

  /** The objects under {@code prefix}, in key order. */
  List<S3Object> list(String prefix) throws IOException {
    try {
      List<S3Object> objects = new ArrayList<>();
      client.listObjectsV2Paginator(b -> b.bucket(name).prefix(prefix)).contents().forEach(objects::add);
      return objects;
    } catch (SdkException e) {
      throw failure("list", prefix, e);
    }
  }

  /** Deletes objects; deleting a missing one is no error. */
  void delete(List<String> keys) throws IOException {
    for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
      List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH)).stream()
          .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
      DeleteObjectsResponse response;
      try {
        response = client.deleteObjects(b -> b.bucket(name).delete(d -> d.objects(batch).quiet(true)));
      } catch (SdkException e) {
        throw failure("delete", batch.get(0).key(), e);
      }
      if (response.hasErrors() && !response.errors().isEmpty()) {
        var error = response.errors().get(0);
        throw new IOException("s3 delete of " + error.key() + " failed: " + error.code() + " " + error.message());
      }
    }
  }

  void delete(String key) throws IOException {
    try {
      client.deleteObject(b -> b.bucket(name).key(key));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  /** Whether the bucket answers a HEAD. */
  void head() throws IOException {
    try {
      client.headBucket(b -> b.bucket(name));
    } catch (SdkException e) {
      throw failure("head bucket", name, e);
    }
  }

  /**
   * The failure to throw for {@code e}: {@link StorageUnavailableException} when the object store cannot be reached
   * or answers that it cannot serve now (no answer, a timeout, a 5xx, 429 SlowDown), so the request fails with 503
   * and recovers by itself, as during a database outage; anything else is an I/O failure of this object.
   */
  private IOException failure(String operation, String key, SdkException e) {
    String message = "s3 " + operation + " of " + key + " in bucket " + name + " failed: " + e.getMessage();
    boolean unavailable = e instanceof SdkClientException
        || e instanceof SdkServiceException s && (s.statusCode() >= 500 || s.statusCode() == 429);
    if (unavailable) {
      log.atWarn().addKeyValue("operation", operation).addKeyValue("bucket", name)
          .addKeyValue("error", e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()))
          .log("object store unavailable");
      return new StorageUnavailableException(message, e);
    }
    return new IOException(message, e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** The object is shorter than the range asked for. */
  static final class RangeNotSatisfiable extends IOException {
    private static final long serialVersionUID = 1L;

    RangeNotSatisfiable(String key) {
      super("range not satisfiable for " + key);
    }
  }
}
