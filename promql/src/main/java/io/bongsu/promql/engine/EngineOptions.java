package io.bongsu.promql.engine;

import java.time.Duration;

/**
 * Engine limits and defaults, as Prometheus's flags name them: lookback delta (5m), query
 * timeout (2m), max samples in memory (50,000,000) and the step of subqueries without one (1m).
 */
public record EngineOptions(Duration lookbackDelta, Duration timeout, long maxSamples,
    Duration defaultSubqueryStep) {

  public EngineOptions {
    if (lookbackDelta.isNegative() || lookbackDelta.isZero() || timeout.isNegative()
        || timeout.isZero() || maxSamples <= 0 || defaultSubqueryStep.isNegative()
        || defaultSubqueryStep.isZero()) {
      throw new IllegalArgumentException("engine options must be positive");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(2), 50_000_000L,
        Duration.ofMinutes(1));
  }

  public EngineOptions withLookbackDelta(Duration d) {
    return new EngineOptions(d, timeout, maxSamples, defaultSubqueryStep);
  }

  public EngineOptions withTimeout(Duration d) {
    return new EngineOptions(lookbackDelta, d, maxSamples, defaultSubqueryStep);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(lookbackDelta, timeout, n, defaultSubqueryStep);
  }

  public EngineOptions withDefaultSubqueryStep(Duration d) {
    return new EngineOptions(lookbackDelta, timeout, maxSamples, d);
  }
}
