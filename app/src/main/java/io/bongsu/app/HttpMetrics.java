package io.bongsu.app;

import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import io.bongsu.common.text.GoFloat;
import io.bongsu.exposition.MetricType;
import io.bongsu.exposition.write.MetricFamily;
import io.bongsu.exposition.write.Sample;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts and latencies per route, under Prometheus's own names
 * ({@code prometheus_http_requests_total}, {@code prometheus_http_request_duration_seconds}) so
 * the self-monitoring dashboard and Prometheus's mixins read them unchanged. The handler label
 * is the route pattern, never the raw path, so its cardinality is the number of routes.
 */
final class HttpMetrics {
  /** Prometheus's buckets for this histogram. */
  private static final double[] BUCKETS = {0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120};

  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

  DecoratingHttpServiceFunction decorator() {
    return (delegate, ctx, req) -> {
      String handler = ctx.config().route().patternString();
      ctx.log().whenComplete().thenAccept(log -> record(handler, log));
      return delegate.serve(ctx, req);
    };
  }

  private void record(String handler, RequestLog log) {
    Handler h = handlers.computeIfAbsent(handler, k -> new Handler());
    h.codes.computeIfAbsent(log.responseHeaders().status().code(), k -> new LongAdder()).increment();
    double seconds = log.totalDurationNanos() / 1e9;
    h.sum.add(seconds);
    h.count.increment();
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        h.buckets.incrementAndGet(i);
        break;
      }
    }
  }

  List<MetricFamily> collect() {
    MetricFamily.Builder requests = MetricFamily.builder("prometheus_http_requests_total",
        MetricType.COUNTER, "Counter of HTTP requests.");
    MetricFamily.Builder durations = MetricFamily.builder("prometheus_http_request_duration_seconds",
        MetricType.HISTOGRAM, "Histogram of latencies for HTTP requests.");
    handlers.forEach((handler, h) -> {
      h.codes.forEach((code, n) ->
          requests.add(n.sum(), "code", Integer.toString(code), "handler", handler));
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += h.buckets.get(i);
        durations.add(Sample.withSuffix("_bucket", cumulative, "handler", handler,
            "le", GoFloat.formatSampleValue(BUCKETS[i])));
      }
      long count = h.count.sum();
      durations.add(Sample.withSuffix("_bucket", count, "handler", handler, "le", "+Inf"));
      durations.add(Sample.withSuffix("_sum", h.sum.sum(), "handler", handler));
      durations.add(Sample.withSuffix("_count", count, "handler", handler));
    });
    return List.of(requests.build(), durations.build());
  }

  private static final class Handler {
    final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder count = new LongAdder();
  }
}
