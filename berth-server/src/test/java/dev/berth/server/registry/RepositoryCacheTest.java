package dev.berth.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.server.coordination.InProcessCoordination;
import dev.berth.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The node's lookup cache: answers are served while the repository's stamp stands, reloaded after a write on any
 * node changes it, and never served longer than {@link RepositoryCache#MAX_AGE_MS}, the bound on staleness when a
 * write could not be announced (its node had lost Redis while this one had not).
 */
class RepositoryCacheTest {
  final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_700_000_000_000L));
  final InProcessCoordination coordination = new InProcessCoordination(clock);
  final RepositoryCache cache = new RepositoryCache(coordination, clock, 100, RegistryModule.Telemetry.none());
  final AtomicInteger loads = new AtomicInteger();

  Optional<String> lookup(String value) {
    return cache.get("acme/app", "tag:v1", () -> {
      loads.incrementAndGet();
      return Optional.of(value);
    });
  }

  @Test
  void anAnswer_isServedFromTheCache_untilAWriteChangesTheStamp() {
    assertThat(lookup("old")).contains("old");
    assertThat(lookup("new")).as("cached").contains("old");
    assertThat(loads).hasValue(1);

    cache.invalidate("acme/app");
    assertThat(lookup("new")).contains("new");
    assertThat(loads).hasValue(2);
  }

  @Test
  void anAnswer_isNeverServedLongerThanTheMaximumAge_evenIfNoWriteWasAnnounced() {
    assertThat(lookup("old")).contains("old");
    clock.advance(Duration.ofMillis(RepositoryCache.MAX_AGE_MS - 1));
    assertThat(lookup("new")).as("just inside the bound").contains("old");

    clock.advance(Duration.ofMillis(1));
    assertThat(lookup("new")).as("a write elsewhere that reached no stamp shows once the bound passed")
        .contains("new");
  }
}
