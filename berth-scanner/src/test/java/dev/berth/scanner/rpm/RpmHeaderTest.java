package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpmHeaderTest {

  private static byte[] sample() {
    return HeaderBuilder.pkg("bash", 3, "5.1.8", "6.el9", "x86_64")
        .string(RpmTag.SOURCERPM, "bash-5.1.8-6.el9.src.rpm")
        .build();
  }

  @Test
  void parse_fixtureHeader_readsFedoraCryptoPolicies() throws Exception {
    Path folder = Fixtures.rpmFolder().resolve("header-fedora34-crypto-policies");
    RpmHeader header = RpmHeader.parse(Files.readAllBytes(folder.resolve("package.header")));
    RpmPackage pkg = RpmPackage.from(1, header);

    assertThat(List.of(Fixtures.row(pkg))).isEqualTo(Fixtures.expectedRows(folder));
    assertThat(pkg.sourceRpm()).isEqualTo("crypto-policies-20210213-1.git5c710c0.fc34.src.rpm");
    assertThat(header.entryCount()).isEqualTo(0x4e);
  }

  @Test
  void parse_builtHeader_readsEveryDataType() throws Exception {
    byte[] blob = new HeaderBuilder()
        .string(RpmTag.NAME, "all-types")
        .int8(2000, 0xfe)
        .int16(2001, 0xbeef)
        .int32(2002, 0xfffffffe, 7)
        .int64(2003, 0x1122334455667788L)
        .stringArray(2004, "a", "", "ünïcödé")
        .i18n(2005, "C summary", "de summary")
        .bin(2006, new byte[] {1, 2, 3})
        .build();

    RpmHeader h = RpmHeader.parse(blob);

    assertThat(h.string(RpmTag.NAME)).contains("all-types");
    assertThat(h.integer(2000)).hasValue(0xfe);
    assertThat(h.integer(2001)).hasValue(0xbeef);
    assertThat(h.integer(2002)).hasValue(0xfffffffeL);
    assertThat(h.integer(2003)).hasValue(0x1122334455667788L);
    assertThat(h.strings(2004)).containsExactly("a", "", "ünïcödé");
    assertThat(h.string(2005)).contains("C summary");
    assertThat(h.strings(2005)).containsExactly("C summary", "de summary");
    assertThat(h.binary(2006)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
  }

  @Test
  void accessors_wrongTypeOrAbsentTag_areEmpty() throws Exception {
    RpmHeader h = RpmHeader.parse(sample());

    assertThat(h.integer(RpmTag.NAME)).isEmpty();
    assertThat(h.string(RpmTag.EPOCH)).isEmpty();
    assertThat(h.binary(RpmTag.NAME)).isEmpty();
    assertThat(h.string(RpmTag.MODULARITY_LABEL)).isEmpty();
    assertThat(h.has(RpmTag.MODULARITY_LABEL)).isFalse();
  }

  @Test
  void parse_dribbleEntryAfterRegion_replacesTheRegionEntry() throws Exception {
    byte[] blob = HeaderBuilder.pkg("tzdata", null, "2023c", "1.el9", "noarch")
        .string(RpmTag.VENDOR, "old vendor")
        .dribbleString(RpmTag.VENDOR, "new vendor")
        .build();

    RpmPackage pkg = RpmPackage.from(4, RpmHeader.parse(blob));

    assertThat(pkg.vendor()).isEqualTo("new vendor");
    assertThat(pkg.name()).isEqualTo("tzdata");
  }

  @Test
  void parse_legacyHeaderWithoutRegion_reads() throws Exception {
    byte[] blob = HeaderBuilder.pkg("old", null, "1", "1", "i386").legacy().build();

    assertThat(RpmPackage.from(1, RpmHeader.parse(blob)).evr()).isEqualTo("1-1");
  }

  @Test
  void parse_tooShort_fails() {
    assertThatThrownBy(() -> RpmHeader.parse(new byte[10]))
        .isInstanceOf(RpmFormatException.class).hasMessageContaining("too short");
  }

  @Test
  void parse_indexCountBeyondTheData_fails() {
    byte[] blob = sample();
    ByteBuffer.wrap(blob).putInt(0, 1000);

    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(RpmFormatException.class).hasMessageContaining("declares 1000 index entries");
  }

  @Test
  void parse_hugeDeclaredCounts_failWithoutAllocating() {
    byte[] blob = sample();
    ByteBuffer.wrap(blob).putInt(0, -1);
    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("4294967295 index entries");

    byte[] data = sample();
    ByteBuffer.wrap(data).putInt(4, 0x7fffffff);
    assertThatThrownBy(() -> RpmHeader.parse(data)).hasMessageContaining("2147483647 data bytes");

    byte[] zero = sample();
    ByteBuffer.wrap(zero).putInt(0, 0);
    assertThatThrownBy(() -> RpmHeader.parse(zero)).hasMessageContaining("0 index entries");
  }

  @Test
  void parse_entryCountLargerThanItsData_fails() {
    byte[] blob = new HeaderBuilder().int32(2000, 1, 2).stringArray(2001, "a", "b").legacy().build();
    ByteBuffer.wrap(blob).putInt(8 + 12, 0x40000000);
    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(RpmFormatException.class).hasMessageContaining("does not fit");

    byte[] strings = new HeaderBuilder().int32(2000, 1, 2).stringArray(2001, "a", "b").legacy().build();
    ByteBuffer.wrap(strings).putInt(8 + 16 + 12, 3);
    assertThatThrownBy(() -> RpmHeader.parse(strings)).hasMessageContaining("does not fit");
  }

  @Test
  void parse_offsetOutsideData_fails() {
    byte[] blob = sample();
    ByteBuffer.wrap(blob).putInt(8 + 16 + 8, 1 << 20);

    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("points outside");
  }

  @Test
  void parse_unterminatedString_fails() {
    byte[] blob = HeaderBuilder.pkg("x", null, "1", "1", null).legacy().build();
    // the last data byte is the NUL of the last string; overwrite it
    blob[blob.length - 1] = 'x';

    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("does not fit");
  }

  @Test
  void parse_misalignedInt32_fails() {
    byte[] blob = new HeaderBuilder().string(RpmTag.NAME, "ab").int32(2000, 1).legacy().build();
    ByteBuffer b = ByteBuffer.wrap(blob);
    b.putInt(8 + 16 + 8, b.getInt(8 + 16 + 8) - 1);

    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("not aligned");
  }

  @Test
  void parse_overlappingEntries_fail() {
    byte[] blob = new HeaderBuilder().string(1000, "abc").string(1001, "def").legacy().build();
    ByteBuffer.wrap(blob).putInt(8 + 16 + 8, 0);

    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("overlaps");
  }

  @Test
  void parse_unknownTypeOrReservedTag_fails() {
    byte[] badType = sample();
    ByteBuffer.wrap(badType).putInt(8 + 16 + 4, 17);
    assertThatThrownBy(() -> RpmHeader.parse(badType)).hasMessageContaining("unknown data type");

    byte[] badTag = sample();
    ByteBuffer.wrap(badTag).putInt(8 + 16, 50);
    assertThatThrownBy(() -> RpmHeader.parse(badTag)).hasMessageContaining("reserved tag");
  }

  @Test
  void parse_brokenRegionTrailer_fails() {
    byte[] blob = sample();
    ByteBuffer b = ByteBuffer.wrap(blob);
    int il = b.getInt(0);
    int trailerAt = 8 + il * 16 + b.getInt(8 + 8);
    b.putInt(trailerAt + 8, -16 * (il + 5));
    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("region trailer claims");

    byte[] wrongTag = sample();
    ByteBuffer.wrap(wrongTag).putInt(trailerAt, 62);
    assertThatThrownBy(() -> RpmHeader.parse(wrongTag)).hasMessageContaining("region trailer is tag 62");

    byte[] outside = sample();
    ByteBuffer.wrap(outside).putInt(8 + 8, 1 << 24);
    assertThatThrownBy(() -> RpmHeader.parse(outside)).hasMessageContaining("outside the");
  }

  @Test
  void parse_everyTruncation_failsCleanly() {
    byte[] blob = sample();
    for (int length = 0; length < blob.length; length++) {
      byte[] cut = Arrays.copyOf(blob, length);
      assertThat(catchThrowable(() -> RpmHeader.parse(cut))).isInstanceOf(RpmFormatException.class);
    }
  }

  @Test
  void parse_randomCorruption_neverFailsOtherThanCleanly() {
    byte[] good = sample();
    Random random = new Random(5);
    int parsed = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] blob = good.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        int at = random.nextInt(blob.length);
        int flipped = blob[at] ^ (1 << random.nextInt(8));
        blob[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : flipped);
      }
      Throwable thrown = catchThrowable(() -> {
        RpmHeader h = RpmHeader.parse(blob);
        h.strings(RpmTag.NAME);
        h.integer(RpmTag.EPOCH);
        h.binary(RpmTag.SOURCERPM);
      });
      if (thrown == null) {
        parsed++;
      } else {
        assertThat(thrown).isInstanceOf(RpmFormatException.class);
      }
    }
    assertThat(parsed).as("some corruptions hit only string contents and still parse").isPositive();
  }
}
