package dev.berth.server.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The coordination contract on the in-process implementation, with a clock the test moves. */
class InProcessCoordinationTest extends CoordinationContract {
  private final MovableClock clock = new MovableClock();
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
  protected void letExpire(String name, Duration ttl) {
    clock.advance(ttl.plusMillis(1));
  }

  @Override
  protected String expectedKind() {
    return "in-process";
  }

  /** A clock that stands still until the test moves it. */
  static final class MovableClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
