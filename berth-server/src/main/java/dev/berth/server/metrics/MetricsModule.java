package dev.berth.server.metrics;

import dev.berth.server.http.Exchange;
import dev.berth.server.http.RequestObserver;
import dev.berth.server.http.RouteGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus metrics at {@code /metrics}: requests by route, method and status with latency histograms, bytes in
 * and out, uploads in progress, cache hits and misses, the database pool (HikariCP registers its own meters on
 * {@link #registry()}), and the JVM.
 */
public final class MetricsModule {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger uploadsInProgress = new AtomicInteger();
  private final Counter cacheHits;
  private final Counter cacheMisses;

  public MetricsModule() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("berth_uploads_in_progress", uploadsInProgress, AtomicInteger::get)
        .description("requests whose upload body is being received now (PATCH, PUT or monolithic POST)")
        .register(registry);
    cacheHits = Counter.builder("berth_cache_hits").description("cached lookups answered from the cache")
        .register(registry);
    cacheMisses = Counter.builder("berth_cache_misses").description("cached lookups that went to the database")
        .register(registry);
  }

  /** The registry other components register their meters on. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Counts uploads whose body is being received; increment at the start, decrement in a finally. */
  public AtomicInteger uploadsInProgress() {
    return uploadsInProgress;
  }

  public Runnable cacheHit() {
    return cacheHits::increment;
  }

  public Runnable cacheMiss() {
    return cacheMisses::increment;
  }

  /** Records every finished request. */
  public RequestObserver requestObserver() {
    return (route, method, status, nanos, bytesIn, bytesOut) -> {
      Timer.builder("berth_http_requests")
          .description("HTTP requests by route, method and status")
          .tags("route", route, "method", method, "status", Integer.toString(status))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
      if (bytesIn > 0) {
        DistributionSummary.builder("berth_http_received_bytes").baseUnit("bytes").tags("route", route)
            .description("request body bytes received, by route")
            .register(registry).record(bytesIn);
      }
      if (bytesOut > 0) {
        DistributionSummary.builder("berth_http_sent_bytes").baseUnit("bytes").tags("route", route)
            .description("response body bytes sent, by route")
            .register(registry).record(bytesOut);
      }
    };
  }

  /** {@code GET /metrics} in the Prometheus text format. */
  public RouteGroup routes() {
    return new RouteGroup() {
      @Override
      public boolean serves(String path) {
        return path.equals("/metrics");
      }

      @Override
      public ErrorStyle errorStyle() {
        return ErrorStyle.PROBLEM;
      }

      @Override
      public void handle(Exchange exchange) throws IOException {
        exchange.route("metrics");
        exchange.send(200, "text/plain; version=0.0.4; charset=utf-8",
            registry.scrape().getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
