package dev.berth.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExternalCommandTest {

  @Test
  void missingTool_failsSayingWhatToInstall() {
    assertThatThrownBy(() -> ExternalCommand.of("berth-no-such-tool", "--version").run())
        .isInstanceOf(AssertionError.class)
        .hasMessage("berth-no-such-tool is not installed: run .ci/run or apt-get install berth-no-such-tool");
  }

  @Test
  void failingCommand_failsWithItsOutput() {
    assertThatThrownBy(() -> ExternalCommand.of("sh", "-c", "echo out; echo oops >&2; exit 3").run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("out")
        .hasMessageContaining("oops");
  }

  @Test
  void commandOverItsTimeout_isKilledAndFails() {
    assertThatThrownBy(() -> ExternalCommand.of("sleep", "30").timeout(Duration.ofMillis(300)).run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not finish within");
  }

  @Test
  void successfulCommand_capturesStdoutAndStderrApart() {
    ExternalCommand.Result r = ExternalCommand.of("sh", "-c", "printf hello; printf warn >&2").run();
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("hello");
    assertThat(r.stderr()).isEqualTo("warn");
  }
}
