package dev.berth.server.coordination;

import dev.berth.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The coordination contract on the in-process implementation, with a clock the test moves. */
class InProcessCoordinationTest extends CoordinationContract {
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_700_000_000_000L));
  private InProcessCoordination coordination;

  @BeforeEach
  void open() {
    coordination = new InProcessCoordination(clock);
  }

  @AfterEach
  void close() {
    coordination.close();
  }

  @Override
  protected Coordination node() {
    return coordination;
  }

  @Override
  protected Coordination peer() {
    return coordination;
  }

  @Override
  protected void letPass(Duration time) {
    clock.advance(time.plusMillis(1));
  }

  @Override
  protected String expectedKind() {
    return "in-process";
  }
}
