package io.bongsu.bench;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import io.bongsu.promql.QueryResult;
import io.bongsu.promql.engine.EngineOptions;
import io.bongsu.promql.engine.PromqlEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * PromQL inner loops on a real {@link Tsdb} head: {@code sum(rate(x[5m]))} over many counters,
 * instant and as a 1h range query at a 60s step. Scores are per query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PromqlBenchmark {
  private static final long START = 1_700_000_000_000L;
  private static final long STEP = 15_000;
  private static final int SAMPLES_PER_SERIES = 480;

  @Param({"10000"})
  public int series;

  private Path dir;
  private Tsdb tsdb;
  private PromqlEngine engine;
  private long end;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("bongsu-promql-bench");
    tsdb = Tsdb.open(dir, TsdbOptions.defaults().withBackgroundMaintenance(false));
    Labels[] labels = new Labels[series];
    long[] refs = new long[series];
    double[] values = new double[series];
    for (int i = 0; i < series; i++) {
      labels[i] = Labels.of("__name__", "bench_requests_total", "instance", "host-" + (i / 20),
          "path", "/p" + (i % 20));
    }
    for (int s = 0; s < SAMPLES_PER_SERIES; s++) {
      Appender app = tsdb.appender();
      for (int i = 0; i < series; i++) {
        values[i] += 10 + (i * 31 + s * 17) % 13;
        refs[i] = app.append(refs[i], labels[i], START + s * STEP, values[i]);
      }
      app.commit();
    }
    end = START + (SAMPLES_PER_SERIES - 1) * STEP;
    engine = new PromqlEngine(tsdb, EngineOptions.defaults());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tsdb.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public QueryResult sumRateInstant() {
    return engine.instant("sum(rate(bench_requests_total[5m]))", end);
  }

  @Benchmark
  public QueryResult sumByRateRange() {
    return engine.range("sum by (instance) (rate(bench_requests_total[5m]))", end - 3_600_000,
        end, 60_000);
  }

  @Benchmark
  public QueryResult selectiveRateRange() {
    return engine.range("rate(bench_requests_total{instance=\"host-7\"}[5m])", end - 3_600_000,
        end, 60_000);
  }
}
