package dev.berth.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories only their owner may use: what holds secrets (the configuration, keys) or leads to them
 * (the data directory, whose database keeps password hashes). The permissions are given when the file or
 * directory is created, so there is no moment in which others may open it. On a filesystem without POSIX
 * permissions they are created plainly, and the protection of the directory above is relied on.
 */
public final class OwnerOnly {
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private OwnerOnly() {}

  /**
   * Creates {@code dir} and its missing parents, each directory it creates accessible to its owner only (0700).
   * Directories that exist keep their permissions: a directory the user made is theirs to protect.
   *
   * @return {@code dir}
   * @throws IOException if a directory cannot be created, or a file other than a directory is in the way
   */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      return dir;
    }
    if (absolute.getParent() != null) {
      createDirectories(absolute.getParent());
    }
    try {
      Files.createDirectory(absolute, DIRECTORY);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
      // made meanwhile by another process or thread: it keeps the permissions it was made with
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(absolute);
    }
    return dir;
  }

  /**
   * Creates {@code file}, which must not exist, readable and writable by its owner only (0600), and writes
   * {@code text} to it in UTF-8.
   *
   * @throws FileAlreadyExistsException if {@code file} exists
   * @throws IOException if it cannot be written
   */
  public static void writeNew(Path file, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    try (SeekableByteChannel channel = create(file)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
  }

  /**
   * Creates {@code file} empty, readable and writable by its owner only (0600), unless it exists; an existing
   * file is left as it is.
   *
   * @throws IOException if it cannot be created
   */
  public static void createFileIfMissing(Path file) throws IOException {
    try {
      create(file).close();
    } catch (FileAlreadyExistsException e) {
      // exists: its permissions are its owner's choice
    }
  }

  private static SeekableByteChannel create(Path file) throws IOException {
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return Files.newByteChannel(file, options, FILE);
    } catch (UnsupportedOperationException e) {
      return Files.newByteChannel(file, options);
    }
  }
}
