package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.InstalledPackage;
import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.ScanLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile archives: each ends in a {@link LimitExceededException} naming the limit, or in a quiet stop with what
 * was found before the damage; none is buffered whole.
 */
class JavaHostileArchiveTest {
  private static final ScanLimits DEFAULTS = ScanLimits.defaults();

  private static ScanLimits limits(long maxEntries, int maxPath, int depth, long maxInflated, long maxFile) {
    return new ScanLimits(maxEntries, maxPath, depth, maxInflated, maxFile);
  }

  @Test
  void find_zipBombEntry_failsOnMaxDecompressedBytes() {
    byte[] jar = Zips.zip(Zips.pom("g", "a", "1"), Zips.deflated("bomb.bin", new byte[64 << 20]));
    assertThat(jar.length).as("64 MiB of zeros deflate to little").isLessThan(1 << 20);

    assertThatThrownBy(() -> find("lib/bomb.jar", jar, limits(1_000_000, 4096, 4, 16 << 20, 512L << 20)))
        .isInstanceOfSatisfying(LimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo("maxDecompressedBytes"))
        .hasMessageContaining("maxDecompressedBytes=16777216")
        .hasMessageContaining("lib/bomb.jar");
  }

  @Test
  void find_nestedArchiveBomb_failsOnMaxFileBytes() {
    byte[] nested = Zips.zip(Zips.deflated("bomb.bin", new byte[64 << 20]));
    byte[] war = Zips.zip(Zips.deflated("WEB-INF/lib/bomb.jar", nested));

    assertThatThrownBy(() -> find("app.war", war, limits(1_000_000, 4096, 4, 16L << 30, 8 << 20)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxFileBytes"))
        .hasMessageContaining("app.war!/WEB-INF/lib/bomb.jar!/bomb.bin");
  }

  @Test
  void find_zipBombEntry_failsOnMaxFileBytesBeforeTheLayerBudget() {
    byte[] jar = Zips.zip(Zips.deflated("bomb.bin", new byte[64 << 20]), Zips.pom("g", "a", "1"));

    assertThatThrownBy(() -> find("lib/bomb.jar", jar, limits(1_000_000, 4096, 4, 16L << 30, 8 << 20)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxFileBytes"))
        .hasMessageContaining("lib/bomb.jar!/bomb.bin");
  }

  @Test
  void find_tooManyEntries_failsOnMaxEntries() {
    Zips.Entry[] entries = new Zips.Entry[300];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = Zips.deflated("c/C" + i + ".class", new byte[10]);
    }

    assertThatThrownBy(() -> find("x.jar", Zips.zip(entries), limits(100, 4096, 4, 16L << 30, 512L << 20)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxEntries"));
  }

  @Test
  void find_entryNameLongerThanMaxPathLength_failsOnMaxPathLength() {
    byte[] jar = Zips.zip(Zips.deflated("a/".repeat(2500) + "X.class", new byte[1]));

    assertThatThrownBy(() -> find("x.jar", jar, DEFAULTS))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxPathLength"))
        .message().hasSizeLessThan(400);
  }

  @Test
  void find_pomPropertiesThatInflatesHuge_isSkippedAndTheRestIsRead() throws IOException {
    byte[] hugePom = new byte[8 << 20];
    Arrays.fill(hugePom, (byte) '#');
    byte[] jar = Zips.zip(Zips.deflated("META-INF/maven/g/huge/pom.properties", hugePom), Zips.pom("g", "b", "2"));

    assertThat(find("x.jar", jar, DEFAULTS)).extracting(InstalledPackage::name).containsExactly("g:b");
  }

  @Test
  void find_pomPropertiesAboveMaxFileBytes_failsOnMaxFileBytes() {
    byte[] jar = Zips.zip(Zips.pom("g", "a", "1.0.0-with-a-long-version-string"));

    assertThatThrownBy(() -> find("x.jar", jar, limits(1_000_000, 4096, 4, 16L << 30, 32)))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxFileBytes"));
  }

  @Test
  void find_hugeDeclaredEntrySize_stopsQuietlyWithoutBuffering() throws IOException {
    byte[] jar = Zips.zip(Zips.stored("META-INF/maven/g/a/pom.properties",
            "groupId=g\nartifactId=a\nversion=1\n".getBytes(StandardCharsets.ISO_8859_1)),
        Zips.pom("g", "b", "2"));
    // the first local header now declares a 2 GiB entry; the archive holds a few hundred bytes
    ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN).putInt(18, 0x7ffffff0).putInt(22, 0x7ffffff0);

    assertThat(find("x.jar", jar, DEFAULTS)).isEmpty();
  }

  @Test
  void find_truncatedArchive_reportsWhatCameBeforeTheCut() throws IOException {
    byte[] a = Zips.zip(Zips.pom("g", "a", "1"), Zips.deflated("A.class", random(20_000)));
    byte[] b = Zips.zip(Zips.pom("g", "b", "1"), Zips.deflated("B.class", random(20_000)));
    byte[] war = Zips.zip(Zips.deflated("WEB-INF/lib/a.jar", a), Zips.deflated("WEB-INF/lib/b.jar", b),
        Zips.pom("g", "war", "1"));
    byte[] cut = Arrays.copyOf(war, a.length + b.length / 2 + 200);

    assertThat(find("app.war", cut, DEFAULTS)).extracting(InstalledPackage::name)
        .containsExactlyInAnyOrder("g:a", "g:b");
    assertThat(find("app.war", Arrays.copyOf(war, a.length / 2), DEFAULTS)).extracting(InstalledPackage::name)
        .as("a.jar's pom.properties is its first entry").containsExactly("g:a");
    assertThat(find("app.war", Arrays.copyOf(war, 40), DEFAULTS)).isEmpty();
  }

  @Test
  void find_truncatedManifestOnlyJar_reportsNothing() throws IOException {
    byte[] jar = Zips.zip(
        Zips.manifest(java.util.Map.of("Implementation-Vendor-Id", "org.example", "Implementation-Version", "1.0")),
        Zips.deflated("A.class", random(20_000)));

    assertThat(find("lib/a-1.0.jar", jar, DEFAULTS)).hasSize(1);
    assertThat(find("lib/a-1.0.jar", Arrays.copyOf(jar, jar.length / 2), DEFAULTS))
        .as("without the end of the archive, absence of pom.properties is unknown").isEmpty();
  }

  @Test
  void find_brokenNestedArchive_endsOnlyItself() throws IOException {
    byte[] good = Zips.zip(Zips.pom("g", "good", "1"));
    byte[] whole = Zips.zip(Zips.pom("g", "broken", "1"), Zips.deflated("B.class", random(5000)));
    byte[] broken = Arrays.copyOf(whole, whole.length / 2);
    byte[] war = Zips.zip(Zips.stored("WEB-INF/lib/broken.jar", broken), Zips.stored("WEB-INF/lib/junk.jar",
        random(3000)), Zips.deflated("WEB-INF/lib/good.jar", good));

    assertThat(find("app.war", war, DEFAULTS)).extracting(InstalledPackage::name)
        .containsExactlyInAnyOrder("g:broken", "g:good");
  }

  @Test
  void find_notAZipAtAll_reportsNothing() throws IOException {
    assertThat(find("x.jar", random(100_000), DEFAULTS)).isEmpty();
    assertThat(find("x.jar", new byte[0], DEFAULTS)).isEmpty();
  }

  private static List<InstalledPackage> find(String path, byte[] archive, ScanLimits limits) throws IOException {
    return JavaNestedArchiveTest.find(path, archive, limits);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
