package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken databases: each must end in an {@link RpmFormatException} that says what is wrong, in
 * bounded time, without allocating what a corrupt length field claims.
 */
class HostileRpmDbTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static Map<Integer, byte[]> blobs() {
    return TestPackages.blobs(TestPackages.varied());
  }

  private Throwable readFails(Path file, RpmDbLimits limits) {
    return assertTimeoutPreemptively(BOUND, () -> catchThrowable(() -> {
      try (RpmDatabase db = RpmDatabase.open(file, limits)) {
        db.packages();
      }
    }));
  }

  private Throwable readFails(Path file) {
    return readFails(file, RpmDbLimits.defaults());
  }

  private Path bdbWithEdit(ByteOrder order, Consumer<BdbPages> edit) throws Exception {
    Path file = DbFiles.bdb(dir, blobs(), order, 4096, 3);
    BdbPages pages = new BdbPages(Files.readAllBytes(file), order, 4096);
    edit.accept(pages);
    return Files.write(file, pages.bytes);
  }

  /** Page surgery on a BerkeleyDB file. */
  private record BdbPages(byte[] bytes, ByteOrder order, int pageSize) {
    ByteBuffer page(int n) {
      return ByteBuffer.wrap(bytes, n * pageSize, pageSize).slice().order(order);
    }

    int count() {
      return bytes.length / pageSize;
    }

    /** The first page of the longest overflow chain. */
    int longestOverflowHead() {
      int best = -1;
      int bestLength = 0;
      for (int n = 1; n < count(); n++) {
        if (page(n).get(25) == 7 && page(n).getInt(12) == 0) {
          int length = 0;
          for (int p = n; p != 0; p = page(p).getInt(16)) {
            length++;
          }
          if (length > bestLength) {
            best = n;
            bestLength = length;
          }
        }
      }
      return best;
    }

    int firstHashPage() {
      for (int n = 1; n < count(); n++) {
        if (page(n).get(25) == 13 && page(n).getShort(20) > 0) {
          return n;
        }
      }
      throw new AssertionError("no hash page");
    }
  }

  @Test
  void open_wrongMagicOrTooShort_fails() throws Exception {
    byte[] noise = new byte[8192];
    new Random(1).nextBytes(noise);
    assertThat(readFails(Files.write(dir.resolve("noise"), noise))).isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("not an rpm database");
    assertThat(readFails(Files.write(dir.resolve("empty"), new byte[0]))).hasMessageContaining("too short");
    assertThat(readFails(Files.write(dir.resolve("ten"), new byte[10]))).hasMessageContaining("too short");

    byte[] btree = new byte[4096];
    ByteBuffer.wrap(btree).order(ByteOrder.LITTLE_ENDIAN).putInt(12, RpmDbFormat.BDB_BTREE_MAGIC);
    assertThat(readFails(Files.write(dir.resolve("btree"), btree))).hasMessageContaining("btree");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "bdb", "ndb"})
  void read_truncatedDatabase_fails(String format) throws Exception {
    Path whole = switch (format) {
      case "sqlite" -> DbFiles.sqlite(dir, blobs());
      case "bdb" -> DbFiles.bdb(dir, blobs(), ByteOrder.LITTLE_ENDIAN, 4096, 3);
      default -> DbFiles.ndb(dir, blobs());
    };
    byte[] bytes = Files.readAllBytes(whole);
    int[] lengths = {16, 100, 511, 4096 + 10, bytes.length / 2, bytes.length - 4096, bytes.length - 1};
    for (int length : lengths) {
      Path cut = Files.write(dir.resolve(format + "-cut-" + length), Arrays.copyOf(bytes, length));
      assertThat(readFails(cut)).as(format + " cut to " + length).isInstanceOf(RpmFormatException.class);
    }
  }

  @Test
  void bdb_truncatedFile_namesTheMissingPages() throws Exception {
    Path file = DbFiles.bdb(dir, blobs(), ByteOrder.BIG_ENDIAN, 4096, 3);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 4096));

    assertThat(readFails(file)).hasMessageContaining("truncated file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
  void bdb_cyclicOverflowChain_fails(String orderName) throws Exception {
    ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Path file = bdbWithEdit(order, pages -> {
      int head = pages.longestOverflowHead();
      int third = pages.page(pages.page(head).getInt(16)).getInt(16);
      pages.page(third).putInt(16, head);
    });

    assertThat(readFails(file)).isInstanceOf(RpmFormatException.class).hasMessageContaining("a second time");
  }

  @Test
  void bdb_overflowPageLinkedToItself_fails() throws Exception {
    Path file = bdbWithEdit(ByteOrder.LITTLE_ENDIAN, pages -> {
      int head = pages.longestOverflowHead();
      pages.page(head).putInt(16, head);
    });

    assertThat(readFails(file)).hasMessageContaining("a second time");
  }

  @Test
  void bdb_bucketChainLinkedToItself_fails() throws Exception {
    Path file = bdbWithEdit(ByteOrder.BIG_ENDIAN, pages -> {
      int page = pages.firstHashPage();
      pages.page(page).putInt(16, page);
    });

    assertThat(readFails(file)).hasMessageContaining("a second time");
  }

  @Test
  void bdb_hugeOverflowLength_failsBeforeAllocating() throws Exception {
    Path file = bdbWithEdit(ByteOrder.LITTLE_ENDIAN, pages -> {
      for (int n = 1; n < pages.count(); n++) {
        ByteBuffer page = pages.page(n);
        for (int i = 1; page.get(25) == 13 && i < page.getShort(20); i += 2) {
          int at = page.getShort(26 + 2 * i);
          if (page.get(at) == 3) {
            page.putInt(at + 8, 0x7fffffff);
          }
        }
      }
    });

    assertThat(readFails(file)).hasMessageContaining("2147483647 bytes, more than the 67108864 allowed");
    assertThat(readFails(file, new RpmDbLimits(Integer.MAX_VALUE, 10)))
        .hasMessageContaining("which the file's pages cannot hold");
  }

  @Test
  void bdb_insaneMetaPage_fails() throws Exception {
    assertThat(readFails(bdbWithEdit(ByteOrder.LITTLE_ENDIAN, p -> p.page(0).putInt(32, 0xfffffff0))))
        .hasMessageContaining("truncated file");
    assertThat(readFails(bdbWithEdit(ByteOrder.LITTLE_ENDIAN, p -> p.page(0).putInt(72, 0x7fffffff))))
        .hasMessageContaining("max bucket");
    assertThat(readFails(bdbWithEdit(ByteOrder.LITTLE_ENDIAN, p -> p.page(0).putInt(20, 3000))))
        .hasMessageContaining("page size 3000");
    assertThat(readFails(bdbWithEdit(ByteOrder.LITTLE_ENDIAN, p -> p.page(0).putInt(96, 0x40000000))))
        .hasMessageContaining("outside 1..");
    assertThat(readFails(
            bdbWithEdit(ByteOrder.BIG_ENDIAN, p -> p.page(p.firstHashPage()).putShort(20, (short) 9000))))
        .hasMessageContaining("claims 9000 items");
  }

  @Test
  void ndb_hostileSlots_fail() throws Exception {
    byte[] good = new NdbWriter(3).write(blobs());
    Path file = dir.resolve("Packages.db");
    ByteBuffer slot3 = ByteBuffer.wrap(good, 3 * 16, 16).slice().order(ByteOrder.LITTLE_ENDIAN);

    byte[] huge = good.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(3 * 16 + 12, 0x7fffffff);
    assertThat(readFails(Files.write(file, huge))).hasMessageContaining("truncated file");

    byte[] overlap = good.clone();
    ByteBuffer o = ByteBuffer.wrap(overlap).order(ByteOrder.LITTLE_ENDIAN);
    o.putInt(4 * 16 + 8, slot3.getInt(8)).putInt(4 * 16 + 12, slot3.getInt(12));
    assertThat(readFails(Files.write(file, overlap))).hasMessageContaining("overlaps");

    byte[] noMagic = good.clone();
    noMagic[40 * 16] = 'X';
    assertThat(readFails(Files.write(file, noMagic))).hasMessageContaining("lacks the slot magic");

    byte[] pages = good.clone();
    ByteBuffer.wrap(pages).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 0x00ffffff);
    assertThat(readFails(Files.write(file, pages))).hasMessageContaining("slot pages");
  }

  @Test
  void ndb_hostileBlobs_fail() throws Exception {
    byte[] good = new NdbWriter(3).write(blobs());
    Path file = dir.resolve("Packages.db");
    int blobAt = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getInt(3 * 16 + 8) * 16;

    byte[] length = good.clone();
    ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putInt(blobAt + 12, 0x7ffffff0);
    assertThat(readFails(Files.write(file, length))).hasMessageContaining("do not fit its");

    byte[] checksum = good.clone();
    checksum[blobAt + 40] ^= 1;
    assertThat(readFails(Files.write(file, checksum))).hasMessageContaining("Adler-32");

    byte[] head = good.clone();
    head[blobAt] = 'x';
    assertThat(readFails(Files.write(file, head))).hasMessageContaining("bad head");

    assertThat(readFails(Files.write(file, good), new RpmDbLimits(100, 10)))
        .hasMessageContaining("more than the 100 allowed");
  }

  @Test
  void sqlite_hostileRows_fail() throws Exception {
    Path file = DbFiles.sqlite(dir, blobs());
    assertThat(readFails(file, new RpmDbLimits(200, 10))).hasMessageContaining("more than the 200 allowed");
    assertThat(readFails(file, new RpmDbLimits(1 << 20, 5))).hasMessageContaining("more than 5 headers");

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("UPDATE Packages SET blob = 'text, not a header' WHERE hnum = 2");
    }
    assertThat(readFails(file)).hasMessageContaining("holds a text where a header blob belongs");

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("DROP TABLE Packages");
    }
    assertThat(readFails(file)).isInstanceOf(RpmFormatException.class).hasMessageContaining("Packages");
  }

  @Test
  void headerCountLimit_appliesToEveryFormat() throws Exception {
    RpmDbLimits three = new RpmDbLimits(1 << 20, 3);
    Path ndb = DbFiles.ndb(dir, blobs());
    Path bdb = DbFiles.bdb(dir, blobs(), ByteOrder.BIG_ENDIAN, 4096, 2);
    for (Path file : List.of(ndb, bdb)) {
      assertThat(readFails(file, three)).as(file.toString()).hasMessageContaining("more than 3 headers");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bdb-le", "bdb-be", "ndb", "sqlite"})
  void read_randomCorruption_endsNormallyOrInAFormatError(String format) throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.many(60));
    blobs.putAll(blobs());
    Path good = switch (format) {
      case "bdb-le" -> DbFiles.bdb(dir, blobs, ByteOrder.LITTLE_ENDIAN, 1024, 5);
      case "bdb-be" -> DbFiles.bdb(dir, blobs, ByteOrder.BIG_ENDIAN, 512, 3);
      case "ndb" -> DbFiles.ndb(dir, blobs);
      default -> DbFiles.sqlite(dir, blobs);
    };
    byte[] bytes = Files.readAllBytes(good);
    Random random = new Random(format.hashCode());
    int rounds = format.equals("sqlite") ? 40 : 200;
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int round = 0; round < rounds; round++) {
        byte[] copy = bytes.clone();
        for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
          // half the flips hit the structure at the start of the file, where they do the most damage
          int at = random.nextInt(random.nextBoolean() ? Math.min(copy.length, 8192) : copy.length);
          copy[at] = (byte) random.nextInt(256);
        }
        Path file = Files.write(dir.resolve("fuzz-" + format), copy);
        Throwable thrown = catchThrowable(() -> {
          try (RpmDatabase db = RpmDatabase.open(file, RpmDbLimits.defaults())) {
            db.packages();
          }
        });
        if (thrown != null) {
          assertThat(thrown).as("round " + round).isInstanceOf(RpmFormatException.class);
        }
      }
    });
  }

  @Test
  void headerWithIndexCountBeyondTheData_failsToParse() {
    byte[] blob = HeaderBuilder.pkg("bash", null, "5", "1", "x86_64").build();
    ByteBuffer.wrap(blob).putInt(0, 70_000);

    assertThatThrownBy(() -> RpmHeader.parse(blob)).isInstanceOf(RpmFormatException.class)
        .hasMessageContaining("70000 index entries");
  }
}
