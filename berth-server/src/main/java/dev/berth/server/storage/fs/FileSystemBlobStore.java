package dev.berth.server.storage.fs;

import dev.berth.oci.Digest;
import dev.berth.server.files.OwnerOnly;
import dev.berth.server.storage.BlobContent;
import dev.berth.server.storage.BlobStore;
import dev.berth.server.storage.UploadAppender;
import dev.berth.server.storage.UploadId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Blobs on a local filesystem.
 *
 * <pre>
 * root/
 *   blobs/sha256/ab/abcdef…   the blob, written once by rename, never modified
 *   blobs/sha512/01/0123…
 *   uploads/&lt;uuid&gt;           an upload in progress, appended to in place
 * </pre>
 *
 * A blob appears only by an atomic rename of a fully written, fsynced upload file, followed by an fsync of the
 * directory, so a crash at any moment leaves either no blob or the whole blob.
 */
public final class FileSystemBlobStore implements BlobStore {
  private final Path blobs;
  private final Path uploads;

  public FileSystemBlobStore(Path root) throws IOException {
    // the root is often where Berth makes DATA_DIR, which is its owner's only
    this.blobs = OwnerOnly.createDirectories(root.resolve("blobs"));
    this.uploads = OwnerOnly.createDirectories(root.resolve("uploads"));
  }

  Path blobPath(Digest digest) {
    String hex = digest.encoded();
    return blobs.resolve(digest.algorithm().id()).resolve(hex.substring(0, 2)).resolve(hex);
  }

  private Path uploadPath(UploadId id) {
    return uploads.resolve(id.value());
  }

  @Override
  public Optional<Long> size(Digest digest) throws IOException {
    try {
      return Optional.of(Files.size(blobPath(digest)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public BlobContent open(Digest digest, long offset) throws IOException {
    FileChannel channel = FileChannel.open(blobPath(digest), StandardOpenOption.READ);
    channel.position(offset);
    return new BlobContent() {
      @Override
      public int read(ByteBuffer buffer) throws IOException {
        return channel.read(buffer);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public UploadAppender appendUpload(UploadId id, long offset) throws IOException {
    Path path = uploadPath(id);
    FileChannel channel;
    if (offset == 0) {
      boolean existed = Files.exists(path);
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (!existed) {
        syncDirectory(uploads);
      }
    } else {
      channel = FileChannel.open(path, StandardOpenOption.WRITE);
      if (channel.size() < offset) {
        long have = channel.size();
        channel.close();
        throw new IOException("upload " + id + " holds " + have + " bytes, fewer than " + offset);
      }
    }
    channel.truncate(offset);
    channel.position(offset);
    return new FileAppender(channel);
  }

  @Override
  public InputStream readUpload(UploadId id, long length) throws IOException {
    FileChannel channel = FileChannel.open(uploadPath(id), StandardOpenOption.READ);
    if (channel.size() < length) {
      long have = channel.size();
      channel.close();
      throw new IOException("upload " + id + " holds " + have + " bytes, fewer than " + length);
    }
    return new BoundedInputStream(Channels.newInputStream(channel), length);
  }

  @Override
  public void commitUpload(UploadId id, long size, Digest digest) throws IOException {
    Path source = uploadPath(id);
    Path target = blobPath(digest);
    if (Files.exists(target)) {
      Files.deleteIfExists(source);
      return;
    }
    // An upload that never received a byte has no file yet: the empty blob.
    StandardOpenOption create = size == 0 ? StandardOpenOption.CREATE : StandardOpenOption.WRITE;
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE, create)) {
      if (channel.size() < size) {
        throw new IOException("upload " + id + " holds " + channel.size() + " bytes, fewer than " + size);
      }
      channel.truncate(size);
      channel.force(true);
    }
    Path parent = Files.createDirectories(target.getParent());
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(parent);
  }

  @Override
  public void deleteUpload(UploadId id) throws IOException {
    Files.deleteIfExists(uploadPath(id));
  }

  @Override
  public void delete(Digest digest) throws IOException {
    Files.deleteIfExists(blobPath(digest));
  }

  @Override
  public Optional<URI> redirectUrl(Digest digest, Duration ttl) {
    return Optional.empty();
  }

  @Override
  public boolean isHealthy() {
    return Files.isDirectory(blobs) && Files.isWritable(blobs) && Files.isDirectory(uploads)
        && Files.isWritable(uploads);
  }

  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static final class FileAppender implements UploadAppender {
    private final FileChannel channel;

    FileAppender(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public long sync() throws IOException {
      channel.force(false);
      return channel.position();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
