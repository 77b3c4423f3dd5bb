package dev.berth.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories Berth makes for its owner only, and those it finds, which keep their permissions. */
class OwnerOnlyTest {
  @TempDir
  Path dir;

  static String permissions(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void createDirectories_makesTheDirectoryAndMissingParents_forTheOwnerOnly() throws Exception {
    Path data = dir.resolve("srv/berth/data");

    assertThat(OwnerOnly.createDirectories(data)).isEqualTo(data);

    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("srv/berth"))).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("srv"))).isEqualTo("rwx------");
  }

  @Test
  void createDirectories_leavesTheDirectoriesThatExistAsTheyAre() throws Exception {
    Path mine = Files.createDirectory(dir.resolve("mine"));
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-x---"));

    OwnerOnly.createDirectories(mine);
    OwnerOnly.createDirectories(mine.resolve("data"));

    assertThat(permissions(mine)).isEqualTo("rwxr-x---");
    assertThat(permissions(mine.resolve("data"))).isEqualTo("rwx------");
  }

  @Test
  void createDirectories_withAFileInTheWay_fails() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> OwnerOnly.createDirectories(file)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void writeNew_writesTheTextReadableByTheOwnerOnly_andNeverOverwrites() throws Exception {
    Path file = dir.resolve("config.yaml");

    OwnerOnly.writeNew(file, "DB_URI: 'postgresql://berth:s3cret@db/berth'\n");

    assertThat(permissions(file)).isEqualTo("rw-------");
    assertThat(Files.readString(file)).isEqualTo("DB_URI: 'postgresql://berth:s3cret@db/berth'\n");
    assertThatThrownBy(() -> OwnerOnly.writeNew(file, "other")).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).startsWith("DB_URI");
  }

  @Test
  void createFileIfMissing_makesAnEmptyOwnerOnlyFile_andLeavesAnExistingOne() throws Exception {
    Path fresh = dir.resolve("berth.db");
    Path existing = Files.writeString(dir.resolve("old.db"), "data");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));

    OwnerOnly.createFileIfMissing(fresh);
    OwnerOnly.createFileIfMissing(existing);

    assertThat(permissions(fresh)).isEqualTo("rw-------");
    assertThat(Files.size(fresh)).isZero();
    assertThat(permissions(existing)).isEqualTo("rw-r-----");
    assertThat(Files.readString(existing)).isEqualTo("data");
  }
}
