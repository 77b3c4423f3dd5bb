package dev.berth.scanner.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.scanner.layer.LimitExceededException;
import dev.berth.scanner.layer.ScanLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {
  private static final ScanLimits DEFAULTS = ScanLimits.defaults();

  @Test
  void read_exactlyTheLimit_endsNormally() throws IOException {
    var in = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), 10, () -> new IOException("over"));

    assertThat(in.readAllBytes()).hasSize(10);
  }

  @Test
  void read_pastTheLimit_throwsTheGivenException() {
    var in = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10, () -> new IOException("over"));

    assertThatThrownBy(in::readAllBytes).hasMessage("over");
  }

  @Test
  void smallFiles_aboveThePlausibleCap_isEmpty_aboveMaxFileBytes_isALimit() throws IOException {
    assertThat(SmallFiles.read(new ByteArrayInputStream(new byte[100]), 50, DEFAULTS, "f")).isEmpty();
    assertThat(SmallFiles.read(new ByteArrayInputStream(new byte[50]), 50, DEFAULTS, "f")).get()
        .extracting(b -> b.length).isEqualTo(50);
    var tight = new ScanLimits(10, 10, 1, 10, 20);
    assertThatThrownBy(() -> SmallFiles.read(new ByteArrayInputStream(new byte[100]), 50, tight, "f"))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo("maxFileBytes"))
        .hasMessageContaining("maxFileBytes=20");
  }

  @Test
  void close_leavesTheSourceOpen() throws IOException {
    var source = new ByteArrayInputStream(new byte[4]) {
      boolean closed;

      @Override
      public void close() {
        closed = true;
      }
    };

    new LimitedInputStream(source, 2, IOException::new).close();

    assertThat(source.closed).isFalse();
  }
}
