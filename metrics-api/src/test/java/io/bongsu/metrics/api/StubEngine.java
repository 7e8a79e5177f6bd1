package io.bongsu.metrics.api;

import io.bongsu.common.labels.Labels;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.QueryEngine;
import io.bongsu.promql.QueryResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A query engine for API tests: a few fixed queries with known results, so the tests check the
 * HTTP layer (parameters, shapes, errors), not PromQL.
 */
final class StubEngine implements QueryEngine {
  static final Labels UP_PROM = Labels.of("__name__", "up", "job", "prometheus",
      "instance", "localhost:9090");
  static final Labels UP_NODE = Labels.of("__name__", "up", "job", "node",
      "instance", "localhost:9091");

  volatile long lastStep;
  volatile boolean slowQueryInterrupted;

  @Override
  public QueryResult instant(String query, long t) {
    return switch (query) {
      case "up" -> new QueryResult.Vector(List.of(
          new QueryResult.Sample(UP_PROM, t, 1), new QueryResult.Sample(UP_NODE, t, 0)));
      case "values" -> new QueryResult.Vector(List.of(
          new QueryResult.Sample(Labels.of("v", "nan"), t, Double.NaN),
          new QueryResult.Sample(Labels.of("v", "inf"), t, Double.POSITIVE_INFINITY),
          new QueryResult.Sample(Labels.of("v", "big"), t, 1e21),
          new QueryResult.Sample(Labels.of("v", "small"), t, 1.5e-7)));
      case "empty" -> new QueryResult.Vector(List.of());
      case "1+1" -> new QueryResult.Scalar(t, 2);
      case "big_scalar" -> new QueryResult.Scalar(t, 1e21);
      case "\"hello\"" -> new QueryResult.StringResult(t, "hello");
      case "fails" -> throw PromqlException.execution("expanding series: too many samples");
      case "slow" -> {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          slowQueryInterrupted = true;
          Thread.currentThread().interrupt();
        }
        yield new QueryResult.Vector(List.of());
      }
      default -> throw PromqlException.badData("1:1: parse error: unexpected query " + query);
    };
  }

  @Override
  public QueryResult.Matrix range(String query, long start, long end, long step) {
    lastStep = step;
    if (!query.equals("up")) {
      throw PromqlException.badData("1:1: parse error: unexpected query " + query);
    }
    List<QueryResult.SeriesPoints> series = new ArrayList<>();
    for (Labels l : List.of(UP_PROM, UP_NODE)) {
      int n = (int) ((end - start) / step) + 1;
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int i = 0; i < n; i++) {
        ts[i] = start + i * step;
        vs[i] = l == UP_PROM ? 1 : 0;
      }
      series.add(new QueryResult.SeriesPoints(l, ts, vs));
    }
    return new QueryResult.Matrix(series);
  }
}
