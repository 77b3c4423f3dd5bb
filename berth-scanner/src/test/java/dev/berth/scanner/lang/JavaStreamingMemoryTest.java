package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.scanner.layer.LayerEntry;
import dev.berth.scanner.layer.ScanLimits;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A war whose nested jar holds 200 MB of zeros, generated on the fly through a pipe (never on disk, never in a
 * byte array): the finder must stream through it, which the bytes its thread allocates show.
 */
class JavaStreamingMemoryTest {
  private static final long BIG = 200_000_000L;

  @Test
  void find_warWithLargeNestedEntry_streamsWithoutBuffering() throws Exception {
    var pipeIn = new PipedInputStream(1 << 16);
    var pipeOut = new PipedOutputStream(pipeIn);
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> writeWar(pipeOut));
    var sink = new CollectingSink();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var counting = new CountingInputStream(pipeIn);

    long before = threads.getCurrentThreadAllocatedBytes();
    new JavaArchiveFinder().find(new LayerEntry("srv/big.war", 0, 0644), counting, ScanLimits.defaults(), sink);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    counting.transferTo(OutputStream.nullOutputStream());
    producer.join();

    assertThat(sink.packages).extracting(p -> p.name() + "@" + p.path()).containsExactly(
        "g:big@srv/big.war!/WEB-INF/lib/big.jar!/META-INF/maven/g/big/pom.properties",
        "g:after@srv/big.war!/WEB-INF/lib/after.jar!/META-INF/maven/g/after/pom.properties");
    assertThat(allocated).as("bytes allocated while reading %d bytes of nested entry", BIG)
        .isLessThan(16L << 20);
    System.out.printf("200 MB nested entry: %d bytes of war read, %d bytes allocated by the reader%n",
        counting.count, allocated);
  }

  private static void writeWar(OutputStream out) {
    try (var war = new ZipOutputStream(out)) {
      war.putNextEntry(new ZipEntry("WEB-INF/lib/big.jar"));
      var jar = new ZipOutputStream(new FilterOutputStream(war) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() {
          // the war's entry stays open
        }
      });
      jar.putNextEntry(new ZipEntry("data/zeros.bin"));
      byte[] zeros = new byte[1 << 16];
      for (long written = 0; written < BIG; written += zeros.length) {
        jar.write(zeros, 0, (int) Math.min(zeros.length, BIG - written));
      }
      jar.closeEntry();
      pom(jar, "big");
      jar.finish();
      war.closeEntry();
      war.putNextEntry(new ZipEntry("WEB-INF/lib/after.jar"));
      var after = new ZipOutputStream(new FilterOutputStream(war) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() {}
      });
      pom(after, "after");
      after.finish();
      war.closeEntry();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void pom(ZipOutputStream jar, String artifactId) throws IOException {
    jar.putNextEntry(new ZipEntry("META-INF/maven/g/" + artifactId + "/pom.properties"));
    jar.write(("groupId=g\nartifactId=" + artifactId + "\nversion=1.0\n").getBytes(StandardCharsets.ISO_8859_1));
    jar.closeEntry();
  }
}
