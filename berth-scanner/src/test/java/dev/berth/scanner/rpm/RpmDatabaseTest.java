package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RpmDatabaseTest {
  @TempDir Path dir;

  static Stream<Named<DbFiles.Writer>> writers() {
    return DbFiles.all().stream();
  }

  private static List<RpmPackage> expected(List<TestPackages.Spec> specs) {
    return specs.stream()
        .sorted(Comparator.comparingInt(TestPackages.Spec::instance))
        .map(s -> new RpmPackage(s.instance(), s.name(),
            s.epoch() == null ? OptionalLong.empty() : OptionalLong.of(s.epoch()), s.version(), s.release(),
            s.arch() == null ? "" : s.arch(), s.sourceRpm() == null ? "" : s.sourceRpm(),
            s.modularityLabel() == null ? "" : s.modularityLabel(), "", "MIT"))
        .toList();
  }

  private static List<RpmPackage> read(Path file) throws Exception {
    try (RpmDatabase db = RpmDatabase.open(file, RpmDbLimits.defaults())) {
      return db.packages();
    }
  }

  @ParameterizedTest
  @MethodSource("writers")
  void packages_writtenDatabase_readsEveryHeaderExactly(DbFiles.Writer writer) throws Exception {
    Path file = writer.write(dir, TestPackages.blobs(TestPackages.varied()));

    assertThat(read(file)).containsExactlyElementsOf(expected(TestPackages.varied()));
  }

  @ParameterizedTest
  @MethodSource("writers")
  void packages_manyHeadersOverManyPagesAndBuckets_readsThemAll(DbFiles.Writer writer) throws Exception {
    List<TestPackages.Spec> many = TestPackages.many(400);
    Path file = writer.write(dir, TestPackages.blobs(many));

    assertThat(read(file)).containsExactlyElementsOf(expected(many));
  }

  @Test
  void packages_emptyDatabases_haveNoPackages() throws Exception {
    for (Named<DbFiles.Writer> writer : DbFiles.all()) {
      Path sub = Files.createDirectories(dir.resolve(writer.getName().replace(' ', '-')));
      assertThat(read(writer.getPayload().write(sub, Map.of()))).as(writer.getName()).isEmpty();
    }
  }

  @Test
  void open_choosesTheReaderByMagicNotByName() throws Exception {
    Path ndb = DbFiles.ndb(dir, TestPackages.blobs(TestPackages.varied()));
    Path misnamed = Files.move(ndb, dir.resolve("rpmdb.sqlite"));
    try (RpmDatabase db = RpmDatabase.open(misnamed, RpmDbLimits.defaults())) {
      assertThat(db.format()).isEqualTo(RpmDbFormat.NDB);
    }
    Path bdb = DbFiles.bdb(dir, TestPackages.blobs(TestPackages.varied()), ByteOrder.BIG_ENDIAN, 4096, 3);
    Path misnamedBdb = Files.move(bdb, dir.resolve("Packages.db"));
    try (RpmDatabase db = RpmDatabase.open(misnamedBdb, RpmDbLimits.defaults())) {
      assertThat(db.format()).isEqualTo(RpmDbFormat.BERKELEY_DB);
    }
  }

  @Test
  void open_channel_readsBerkeleyDbAndNdb() throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    Path ndb = DbFiles.ndb(dir, blobs);
    Path bdb = DbFiles.bdb(dir, blobs, ByteOrder.LITTLE_ENDIAN, 1024, 5);
    for (Path file : List.of(ndb, bdb)) {
      try (RpmDatabase db = RpmDatabase.open(FileChannel.open(file), RpmDbLimits.defaults())) {
        assertThat(db.packages()).containsExactlyElementsOf(expected(TestPackages.varied()));
      }
    }
  }

  @Test
  void open_sqliteChannel_isRefused() throws Exception {
    Path file = DbFiles.sqlite(dir, TestPackages.blobs(TestPackages.varied()));
    FileChannel channel = FileChannel.open(file);

    assertThatThrownBy(() -> RpmDatabase.open(channel, RpmDbLimits.defaults()))
        .isInstanceOf(RpmFormatException.class).hasMessageContaining("must be read from a file");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void bdbReader_detectsTheFileByteOrder() throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      Path file = DbFiles.bdb(dir, blobs, order, 4096, 4);
      try (BdbHashReader reader = BdbHashReader.open(FileChannel.open(file), RpmDbLimits.defaults())) {
        assertThat(reader.byteOrder()).isEqualTo(order);
      }
    }
  }

  @Test
  void bdbWriter_hashesLikeLibdb() {
    // libdb stores hash("%$sniglet^&\0") in every hash meta page; 0x5e688dd1 is what libdb 5.3 wrote there
    assertThat(BdbHashWriter.hash("%$sniglet^&\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(0x5e688dd1);
  }

  @Test
  void forEachPackage_malformedHeader_isSkippedAndCounted() throws Exception {
    Map<Integer, byte[]> blobs = new java.util.LinkedHashMap<>(TestPackages.blobs(TestPackages.varied()));
    byte[] broken = blobs.get(2).clone();
    java.nio.ByteBuffer.wrap(broken).putInt(0, 4000); // index count beyond the data
    blobs.put(2, broken);
    Path file = DbFiles.sqlite(dir, blobs);

    List<RpmPackage> seen = new java.util.ArrayList<>();
    int skipped;
    try (RpmDatabase db = RpmDatabase.open(file, RpmDbLimits.defaults())) {
      skipped = db.forEachPackage(seen::add);
    }

    assertThat(skipped).isEqualTo(1);
    assertThat(seen).extracting(RpmPackage::instance).containsExactly(1, 3, 5, 6, 7, 9);
  }
}
