package dev.berth.scanner.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BerkeleyDB itself (libdb 5.3, through Perl's {@code DB_File}) as the second oracle for the BerkeleyDB format:
 * libdb writes hash databases with many buckets, chained bucket pages and overflow pages, in both byte orders
 * and several page sizes, and Berth's reader must return exactly the records libdb stored; and libdb must read
 * back, by iteration and by keyed lookup, every record of the databases Berth's test writer produces.
 */
class BdbLibdbTest {
  private static final String WRITE = """
      use strict; use DB_File; use Fcntl;
      my ($in, $db, $lorder, $psize) = @ARGV;
      my $info = DB_File::HASHINFO->new(); $info->{lorder} = $lorder; $info->{bsize} = $psize;
      tie my %h, 'DB_File', $db, O_RDWR|O_CREAT, 0644, $info or die "tie: $!";
      open(my $f, '<:raw', $in) or die; local $/;
      my $data = <$f>; my $at = 0; my $max = 0;
      while ($at < length($data)) {
        my ($k, $n) = unpack('NN', substr($data, $at, 8));
        $h{pack($lorder == 4321 ? 'N' : 'V', $k)} = substr($data, $at + 8, $n);
        $max = $k if $k > $max; $at += 8 + $n;
      }
      $h{pack($lorder == 4321 ? 'N' : 'V', 0)} = pack($lorder == 4321 ? 'N' : 'V', $max + 1);
      untie %h or die;
      """;
  private static final String READ = """
      use strict; use DB_File; use Fcntl;
      my ($db, $out, $big) = @ARGV;
      tie my %h, 'DB_File', $db, O_RDONLY, 0644, $DB_HASH or die "tie: $!";
      open(my $f, '>:raw', $out) or die; my $missed = 0;
      while (my ($k, $v) = each %h) {
        my $key = unpack($big ? 'N' : 'V', $k);
        next if $key == 0;
        $missed++ unless defined $h{$k} && $h{$k} eq $v;
        print $f pack('NN', $key, length($v)), $v;
      }
      close $f; print "missed=$missed\\n";
      """;

  @TempDir Path dir;

  @ParameterizedTest(name = "lorder {0}, page size {1}")
  @CsvSource({"1234, 4096", "4321, 4096", "1234, 512", "4321, 1024", "1234, 65536"})
  void reader_databaseWrittenByLibdb_returnsExactlyItsRecords(int lorder, int pageSize) throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    blobs.putAll(TestPackages.blobs(TestPackages.many(400).subList(10, 400)));
    Path db = dir.resolve("Packages");
    perl(WRITE, write(blobs).toString(), db.toString(), Integer.toString(lorder), Integer.toString(pageSize));

    Map<Integer, byte[]> read = new LinkedHashMap<>();
    try (BdbHashReader reader = BdbHashReader.open(FileChannel.open(db), RpmDbLimits.defaults())) {
      assertThat(reader.byteOrder())
          .isEqualTo(lorder == 4321 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      reader.forEach((instance, blob) ->
          assertThat(read.put(instance, blob)).as("duplicate " + instance).isNull());
    }

    assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(blobs.keySet());
    blobs.forEach((k, v) -> assertThat(read.get(k)).as("instance " + k).isEqualTo(v));
  }

  @Test
  void rpm_databaseWrittenByLibdb_matchesBerth() throws Exception {
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    blobs.putAll(TestPackages.blobs(TestPackages.many(200).subList(10, 200)));
    Path db = dir.resolve("Packages");
    perl(WRITE, write(blobs).toString(), db.toString(), "4321", "4096");

    assertThat(RpmOracleTest.rpmQuery(dir, "bdb_ro")).hasSize(blobs.size())
        .containsExactlyInAnyOrderElementsOf(RpmOracleTest.ours(db));
  }

  @ParameterizedTest(name = "{0}, page size {1}, {2} buckets")
  @CsvSource({"LITTLE_ENDIAN, 4096, 2", "BIG_ENDIAN, 4096, 7", "LITTLE_ENDIAN, 512, 1", "BIG_ENDIAN, 16384, 33",
      "LITTLE_ENDIAN, 1024, 64"})
  void libdb_databaseWrittenByTheTestWriter_readsBackEveryRecord(String order, int pageSize, int buckets)
      throws Exception {
    ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Map<Integer, byte[]> blobs = TestPackages.blobs(TestPackages.varied());
    blobs.putAll(TestPackages.blobs(TestPackages.many(300).subList(10, 300)));
    Path db = DbFiles.bdb(dir, blobs, byteOrder, pageSize, buckets);
    Path out = dir.resolve("dump");

    String report = perl(READ, db.toString(), out.toString(), byteOrder == ByteOrder.BIG_ENDIAN ? "1" : "0");

    assertThat(report.strip()).as("records libdb could not find by key").isEqualTo("missed=0");
    Map<Integer, byte[]> dumped = read(out);
    assertThat(dumped.keySet()).containsExactlyInAnyOrderElementsOf(blobs.keySet());
    blobs.forEach((k, v) -> assertThat(dumped.get(k)).as("instance " + k).isEqualTo(v));
  }

  private Path write(Map<Integer, byte[]> blobs) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    blobs.forEach((k, v) -> {
      out.writeBytes(ByteBuffer.allocate(8).putInt(k).putInt(v.length).array());
      out.writeBytes(v);
    });
    return Files.write(dir.resolve("records"), out.toByteArray());
  }

  private static Map<Integer, byte[]> read(Path file) throws IOException {
    Map<Integer, byte[]> out = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (in.available() > 0) {
        int key = in.readInt();
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        assertThat(out.put(key, value)).as("libdb returned key " + key + " twice").isNull();
      }
    }
    return out;
  }

  /** Runs a Perl script; fails with a hint when Perl's DB_File (libdb) is not installed. */
  private String perl(String script, String... args) throws Exception {
    Process probe = new ProcessBuilder("perl", "-MDB_File", "-e", "1").redirectErrorStream(true).start();
    probe.getInputStream().readAllBytes();
    assertTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
        "perl with DB_File (libdb) is not installed: apt-get install libperl5.36 (.ci/run does)");
    Path scriptFile = Files.writeString(dir.resolve("script.pl"), script);
    List<String> command = new java.util.ArrayList<>(List.of("perl", scriptFile.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
