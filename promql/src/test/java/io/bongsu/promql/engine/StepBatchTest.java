package io.bongsu.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import io.bongsu.promql.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Range queries, which evaluate what they can at every step at once, must give exactly what
 * the step-by-step evaluator gives at each step: an instant query per step is the reference.
 */
class StepBatchTest {
  private static final long STEP = 20_000;
  private static final long END = 3_600_000;
  private final MemoryStorage storage = new MemoryStorage();
  private final PromqlEngine engine = new PromqlEngine(storage, EngineOptions.defaults());

  @BeforeEach
  void load() {
    Random rnd = new Random(7);
    Appender a = storage.appender();
    String[] les = {"0.1", "0.5", "1", "1.0", "+Inf"};
    for (int i = 0; i < 8; i++) {
      String instance = "i" + i;
      double counter = 0;
      double[] buckets = new double[les.length];
      for (long t = (i * 7_000) % 15_000; t <= END; t += 15_000 + rnd.nextInt(3) * 1000) {
        // Gaps longer than the lookback, counter resets, NaN and stale markers now and then.
        if (i % 3 == 1 && t > 1_000_000 && t < 1_500_000) {
          continue;
        }
        counter = rnd.nextInt(60) == 0 ? 0 : counter + rnd.nextInt(100) / 10.0;
        double gauge = rnd.nextInt(50) == 0 ? Double.NaN : rnd.nextGaussian() * 1e3;
        if (i == 5 && rnd.nextInt(40) == 0) {
          gauge = StaleMarker.VALUE;
        }
        a.append(0, Labels.of("__name__", "req_total", "instance", instance,
            "mode", i % 2 == 0 ? "user" : "idle"), t, counter);
        a.append(0, Labels.of("__name__", "temp", "instance", instance, "area",
            i % 3 == 0 ? "heap" : "nonheap"), t, gauge);
        a.append(0, Labels.of("__name__", "dup_a", "instance", instance), t, counter);
        a.append(0, Labels.of("__name__", "dup_b", "instance", instance), t, gauge);
        double total = 0;
        for (int b = 0; b < les.length; b++) {
          total += rnd.nextInt(5);
          buckets[b] += total;
          a.append(0, Labels.of("__name__", "lat_bucket", "instance", instance,
              "handler", "h" + (i % 3), "le", les[b]), t, buckets[b]);
        }
      }
    }
    a.commit();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "temp",
      "temp offset 2m",
      "-temp",
      "abs(temp)",
      "temp > 100",
      "temp > bool 100",
      "100 - temp",
      "2 ^ (1 + 1) * temp",
      "rate(req_total[1m])",
      "rate(req_total[5m] offset 3m)",
      "increase(req_total[2m])",
      "delta(temp[3m])",
      "irate(req_total[1m])",
      "idelta(temp[2m])",
      "deriv(temp[5m])",
      "avg_over_time(temp[2m])",
      "sum_over_time(temp[2m])",
      "min_over_time(temp[2m])",
      "max_over_time(temp[2m])",
      "count_over_time(temp[1m])",
      "last_over_time(temp[1m])",
      "present_over_time(temp[1m])",
      "stdvar_over_time(temp[3m])",
      "stddev_over_time(temp[3m])",
      "changes(temp[3m])",
      "resets(req_total[10m])",
      "sum by (mode) (rate(req_total[1m]))",
      "sum by (mode) (rate(req_total{mode!=\"idle\"}[1m15s]))",
      "avg by (area) (temp)",
      "avg(1 - rate(req_total[5m]))",
      "count without (instance) (temp)",
      "min by (area) (temp)",
      "max(temp)",
      "group by (area) (temp)",
      "stddev by (area) (temp)",
      "stdvar(temp)",
      "sum by (pod) (temp{area=\"heap\"})",
      "histogram_quantile(0.9, sum by (le, handler) (rate(lat_bucket[2m])))",
      "histogram_quantile(0.5, rate(lat_bucket[2m]))",
      "histogram_quantile(0.99, sum by (le) (rate(lat_bucket[2m]))) * 1000",
      "sum(rate(req_total[1m])) / sum(rate(lat_bucket{le=\"+Inf\"}[1m]))",
      "sum by (mode) (rate(req_total[1m])) > 1",
      "max(sum by (instance) (rate(req_total[1m])))",
      "sum(rate(req_total[1m])) + on() group_left sum(temp)",
      "topk(2, rate(req_total[1m]))",
      "1 - temp / on(instance) temp",
      "rate(req_total[1m]) / on(instance) temp",
      "temp > on(instance) bool rate(req_total[1m])",
      "dup_a / dup_b",
      "dup_a > dup_b",
      "sum by (instance) (dup_a - dup_b)",
      "temp / on(area) temp",
      "time() - temp",
      "rate(req_total[1m]) * scalar(sum(temp))",
      "temp / ignoring(area) group_left temp",
      "rate({__name__=~\"dup_.*\"}[1m])",
      "max_over_time(rate(req_total[1m])[5m:1m])",
      "timestamp(temp)",
      "sum(temp @ 1200)",
  })
  void rangeQueryEqualsInstantQueriesAtEachStep(String query) {
    for (long start : new long[] {0, 1_234_567}) {
      QueryResult.Matrix expected = stepByStep(query, start, END, STEP);
      if (expected == null) {
        assertThatThrownBy(() -> engine.range(query, start, END, STEP))
            .isInstanceOf(io.bongsu.promql.PromqlException.class);
        continue;
      }
      QueryResult.Matrix actual = engine.range(query, start, END, STEP);
      assertThat(actual.series()).extracting(QueryResult.SeriesPoints::labels)
          .containsExactlyElementsOf(expected.series().stream()
              .map(QueryResult.SeriesPoints::labels).toList());
      for (int i = 0; i < expected.series().size(); i++) {
        QueryResult.SeriesPoints e = expected.series().get(i);
        QueryResult.SeriesPoints a = actual.series().get(i);
        assertThat(a.timestampsMillis()).as(query + " " + e.labels())
            .containsExactly(e.timestampsMillis());
        // Bit for bit: the same arithmetic in the same order.
        assertThat(bits(a.values())).as(query + " " + e.labels()).containsExactly(bits(e.values()));
      }
    }
  }

  /** The range result built from one instant query per step; null when a step fails. */
  private QueryResult.Matrix stepByStep(String query, long start, long end, long step) {
    java.util.TreeMap<Labels, List<long[]>> series = new java.util.TreeMap<>();
    for (long t = start; t <= end; t += step) {
      QueryResult r;
      try {
        r = engine.instant(query, t);
      } catch (io.bongsu.promql.PromqlException ex) {
        return null;
      }
      for (QueryResult.Sample s : ((QueryResult.Vector) r).samples()) {
        series.computeIfAbsent(s.labels(), k -> new ArrayList<>())
            .add(new long[] {t, Double.doubleToRawLongBits(s.value())});
      }
    }
    List<QueryResult.SeriesPoints> out = new ArrayList<>();
    series.forEach((l, pts) -> out.add(new QueryResult.SeriesPoints(l,
        pts.stream().mapToLong(p -> p[0]).toArray(),
        pts.stream().mapToDouble(p -> Double.longBitsToDouble(p[1])).toArray())));
    return new QueryResult.Matrix(out);
  }

  private static long[] bits(double[] vs) {
    long[] out = new long[vs.length];
    for (int i = 0; i < vs.length; i++) {
      out[i] = Double.doubleToRawLongBits(vs[i]);
    }
    return out;
  }
}
