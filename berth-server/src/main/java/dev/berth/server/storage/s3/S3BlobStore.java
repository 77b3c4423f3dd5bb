package dev.berth.server.storage.s3;

import dev.berth.oci.Digest;
import dev.berth.server.config.StorageConfig;
import dev.berth.server.storage.BlobContent;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.UploadAppender;
import dev.berth.server.storage.UploadId;
import dev.berth.server.storage.s3.ChunkList.Chunk;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs in a bucket of Amazon S3 or of an S3-compatible server (Ceph RGW, MinIO), laid out as {@link S3Keys}
 * says: {@code <storage_path>/sha256/ab/<hex>} for blobs, {@code <storage_path>/uploads/<uuid>/<offset>} for the
 * chunks of uploads in progress.
 *
 * <p>An upload is a run of chunk objects, one per {@link UploadAppender#sync()} (so one per PATCH, and one per
 * 64 MiB within a long one), each keyed by its start offset and each appearing atomically when written. Reading
 * an upload lists its chunks; appending at an offset first deletes the chunks beyond it (and trims one that
 * straddles it). {@link #commitUpload} joins the chunks into the blob object with the {@link Assembler} (server-side
 * copies where S3's 5 MiB part minimum allows, read-and-reupload for small chunks), so the blob appears whole or
 * not at all, and then deletes the chunks. Nothing is held in memory beyond one 8 MiB part per writer.
 *
 * <p>Multipart uploads that a crash leaves behind cost storage until aborted; {@link #create} aborts those older
 * than {@link #STALE_MULTIPART_AGE} at every start, and {@link #abortStaleMultipartUploads} can be called at any
 * time.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  /**
   * How old a multipart upload must be before the cleanup at start aborts it. A live one spans at most one
   * 64 MiB stretch of one PATCH, or one commit, so a day leaves room for the slowest client.
   */
  public static final Duration STALE_MULTIPART_AGE = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

  private final S3Client client;
  private final S3Presigner presigner;
  private final AwsCredentialsProvider credentials;
  private final S3Bucket bucket;
  private final S3Keys keys;
  private final Assembler assembler;
  private final boolean redirectDownloads;
  private final Clock clock;

  private S3BlobStore(S3Client client, S3Presigner presigner, AwsCredentialsProvider credentials,
      StorageConfig.S3 config, Clock clock) {
    this.client = client;
    this.presigner = presigner;
    this.credentials = credentials;
    this.bucket = new S3Bucket(client, config.bucket());
    this.keys = new S3Keys(config.storagePath());
    this.assembler = new Assembler(bucket, config.serverSideAssembly());
    this.redirectDownloads = config.redirectDownloads();
    this.clock = clock;
  }

  /**
   * Connects to the bucket, checks that it answers, and aborts stale multipart uploads (a failure there is
   * logged, not fatal).
   *
   * @throws IOException naming the bucket and endpoint when the bucket cannot be reached
   */
  public static S3BlobStore create(StorageConfig.S3 config, Clock clock) throws IOException {
    AwsCredentialsProvider credentials = config.keys()
        .<AwsCredentialsProvider>map(k -> StaticCredentialsProvider.create(
            AwsBasicCredentials.create(k.accessKey(), k.secretKey())))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    Region region = Region.of(config.region());
    S3ClientBuilder builder = S3Client.builder()
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(config.pathStyle())
        // S3-compatible servers do not all know the SDK's newer default checksums; ask only where S3 requires.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        // and Content-MD5 on DeleteObjects, which MinIO and Ceph RGW demand where AWS also takes a CRC32
        .addPlugin(LegacyMd5Plugin.create());
    S3Presigner.Builder presign = S3Presigner.builder()
        .region(region)
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
    config.endpoint().ifPresent(builder::endpointOverride);
    config.endpoint().ifPresent(presign::endpointOverride);
    S3BlobStore store = new S3BlobStore(builder.build(), presign.build(), credentials, config, clock);
    try {
      store.bucket.head();
    } catch (IOException e) {
      store.close();
      throw new IOException("storage location " + config.location() + ": bucket " + config.bucket()
          + " cannot be reached at " + config.endpoint().map(URI::toString).orElse("Amazon S3 in " + region), e);
    }
    try {
      int aborted = store.abortStaleMultipartUploads(STALE_MULTIPART_AGE);
      log.atInfo().addKeyValue("bucket", config.bucket()).addKeyValue("aborted", aborted)
          .log("stale multipart uploads cleaned up");
    } catch (IOException e) {
      log.atWarn().addKeyValue("bucket", config.bucket()).addKeyValue("error", e.getMessage())
          .log("could not clean up stale multipart uploads");
    }
    return store;
  }

  /**
   * Aborts this store's multipart uploads (under its upload and blob prefixes, never elsewhere in the bucket)
   * that were started more than {@code olderThan} ago: what a crash in the middle of a chunk or a commit leaves.
   *
   * @return how many were aborted
   * @throws IOException if listing or aborting fails
   */
  public int abortStaleMultipartUploads(Duration olderThan) throws IOException {
    Instant cutoff = clock.instant().minus(olderThan);
    int aborted = 0;
    for (String prefix : keys.multipartPrefixes()) {
      for (MultipartUpload upload : bucket.multipartUploads(prefix)) {
        if (upload.initiated() != null && !upload.initiated().isAfter(cutoff)) {
          bucket.abortMultipart(upload.key(), upload.uploadId());
          aborted++;
        }
      }
    }
    return aborted;
  }

  @Override
  public Optional<Long> size(Digest digest) throws IOException {
    return bucket.size(keys.blob(digest));
  }

  @Override
  public BlobContent open(Digest digest, long offset) throws IOException {
    String key = keys.blob(digest);
    try {
      return new ObjectContent(bucket.get(key, offset, -1));
    } catch (S3Bucket.RangeNotSatisfiable e) {
      long size = bucket.size(key).orElseThrow(() -> new NoSuchFileException(key));
      if (offset >= size) {
        return ObjectContent.empty();
      }
      throw e;
    }
  }

  @Override
  public UploadAppender appendUpload(UploadId id, long offset) throws IOException {
    ChunkList chunks = chunks(id);
    if (chunks.isEmpty() && offset != 0) {
      throw new NoSuchFileException(keys.upload(id));
    }
    if (chunks.size() < offset) {
      throw new IOException("upload " + id + " holds " + chunks.size() + " bytes, fewer than " + offset);
    }
    List<String> beyond = new ArrayList<>();
    chunks.stray().forEach(c -> beyond.add(c.key()));
    Optional<Chunk> straddling = Optional.empty();
    for (Chunk c : chunks.contiguous()) {
      if (c.start() >= offset) {
        beyond.add(c.key());
      } else if (c.end() > offset) {
        straddling = Optional.of(c);
      }
    }
    bucket.delete(beyond);
    if (straddling.isPresent()) {
      Chunk c = straddling.get();
      long keep = offset - c.start();
      assembler.write(c.key(), List.of(new Piece(c.key(), 0, keep, c.length())), keep);
    }
    return new ChunkAppender(bucket, keys, id, offset);
  }

  @Override
  public InputStream readUpload(UploadId id, long length) throws IOException {
    ChunkList chunks = chunks(id);
    if (chunks.isEmpty() && length > 0) {
      throw new NoSuchFileException(keys.upload(id));
    }
    if (chunks.size() < length) {
      throw new IOException("upload " + id + " holds " + chunks.size() + " bytes, fewer than " + length);
    }
    return new PiecesInputStream(bucket, chunks.prefix(length));
  }

  @Override
  public void commitUpload(UploadId id, long size, Digest digest) throws IOException {
    String target = keys.blob(digest);
    if (bucket.size(target).isPresent()) {
      deleteUpload(id);
      return;
    }
    ChunkList chunks = chunks(id);
    if (chunks.isEmpty() && size > 0) {
      throw new NoSuchFileException(keys.upload(id));
    }
    if (chunks.size() < size) {
      throw new IOException("upload " + id + " holds " + chunks.size() + " bytes, fewer than " + size);
    }
    assembler.write(target, chunks.prefix(size), size);
    deleteUpload(id);
  }

  @Override
  public void deleteUpload(UploadId id) throws IOException {
    bucket.delete(bucket.list(keys.upload(id)).stream().map(S3Object::key).toList());
  }

  @Override
  public void delete(Digest digest) throws IOException {
    bucket.delete(keys.blob(digest));
  }

  /** A presigned GET of the blob object, unless {@code redirect_downloads} is off. */
  @Override
  public Optional<URI> redirectUrl(Digest digest, Duration ttl) {
    if (!redirectDownloads) {
      return Optional.empty();
    }
    try {
      return Optional.of(presigner.presignGetObject(p -> p.signatureDuration(ttl)
          .getObjectRequest(g -> g.bucket(bucket.name()).key(keys.blob(digest)))).url().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the SDK presigned an invalid URL", e);
    }
  }

  /** Whether the bucket answers a HEAD now. */
  @Override
  public boolean isHealthy() {
    try {
      bucket.head();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    presigner.close();
    client.close();
    if (credentials instanceof SdkAutoCloseable closeable) { // the default chain; static keys hold nothing
      closeable.close();
    }
  }

  private ChunkList chunks(UploadId id) throws IOException {
    List<Chunk> found = new ArrayList<>();
    for (S3Object o : bucket.list(keys.upload(id))) {
      OptionalLong start = keys.chunkStart(id, o.key());
      if (start.isPresent()) {
        found.add(new Chunk(o.key(), start.getAsLong(), o.size()));
      }
    }
    found.sort((a, b) -> Long.compare(a.start(), b.start()));
    return new ChunkList(found);
  }
}
