package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Storage;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.QueryEngine;
import io.bongsu.promql.QueryResult;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.parser.PromqlParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** PromQL over a {@link Storage}, with Prometheus 2.x semantics for float samples. */
public final class PromqlEngine implements QueryEngine {
  /** Longer range queries are evaluated step by step only, holding nothing for all steps. */
  private static final long MAX_BATCH_STEPS = 100_000;

  private final Storage storage;
  private final EngineOptions options;

  public PromqlEngine(Storage storage, EngineOptions options) {
    this.storage = storage;
    this.options = options;
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public QueryResult instant(String query, long timeMillis) {
    Expr expr = PromqlParser.parse(query);
    Evaluator ev = new Evaluator(options, timeMillis, timeMillis);
    ev.load(storage, expr);
    ev.startStep();
    Value v = ev.eval(expr, timeMillis);
    if (v instanceof Value.Scalar s) {
      return new QueryResult.Scalar(timeMillis, s.v());
    }
    if (v instanceof Value.Str s) {
      return new QueryResult.StringResult(timeMillis, s.s());
    }
    if (v instanceof Value.Vec vec) {
      List<QueryResult.Sample> out = new ArrayList<>(vec.samples().size());
      for (Value.Sample s : vec.samples()) {
        out.add(new QueryResult.Sample(s.labels, timeMillis, s.v));
      }
      return new QueryResult.Vector(out);
    }
    List<QueryResult.SeriesPoints> out = new ArrayList<>();
    for (Value.RangeSeries s : ((Value.Mat) v).series()) {
      out.add(new QueryResult.SeriesPoints(s.labels(),
          Arrays.copyOfRange(s.ts(), s.from(), s.to()),
          Arrays.copyOfRange(s.vs(), s.from(), s.to())));
    }
    return new QueryResult.Matrix(out);
  }

  @Override
  public QueryResult.Matrix range(String query, long startMillis, long endMillis,
      long stepMillis) {
    if (stepMillis <= 0) {
      throw PromqlException.badData("zero or negative query resolution step widths are not "
          + "accepted. Try a positive integer");
    }
    if (endMillis < startMillis) {
      throw PromqlException.badData("end timestamp must not be before start time");
    }
    Expr expr = PromqlParser.parse(query);
    Evaluator.checkRangeType(expr);
    Evaluator ev = new Evaluator(options, startMillis, endMillis);
    ev.load(storage, expr);
    long span = endMillis - startMillis;
    if (span >= 0 && span / stepMillis < MAX_BATCH_STEPS) {
      StepBatch batch = new StepBatch(ev, startMillis, stepMillis, (int) (span / stepMillis) + 1);
      StepBatch.Rows rows = ev.batch(batch, expr);
      if (rows != null) {
        return collect(ev, batch, rows);
      }
    }
    Map<Labels, Evaluator.PointsBuilder> series = new HashMap<>();
    for (long t = startMillis; t <= endMillis; t += stepMillis) {
      ev.startStep();
      Value v = ev.eval(expr, t);
      if (v instanceof Value.Scalar s) {
        series.computeIfAbsent(Labels.EMPTY, k -> new Evaluator.PointsBuilder()).add(t, s.v());
        ev.countResult(1);
      } else {
        List<Value.Sample> samples = ((Value.Vec) v).samples();
        for (Value.Sample s : samples) {
          series.computeIfAbsent(s.labels, k -> new Evaluator.PointsBuilder()).add(t, s.v);
        }
        ev.countResult(samples.size());
      }
      if (t > Long.MAX_VALUE - stepMillis) {
        break;
      }
    }
    List<Labels> keys = new ArrayList<>(series.keySet());
    keys.sort(null);
    List<QueryResult.SeriesPoints> out = new ArrayList<>(keys.size());
    for (Labels k : keys) {
      Evaluator.PointsBuilder p = series.get(k);
      out.add(new QueryResult.SeriesPoints(k, Arrays.copyOf(p.ts, p.n), Arrays.copyOf(p.vs, p.n)));
    }
    return new QueryResult.Matrix(out);
  }

  /** A range query's result from rows evaluated at every step, checked as the step loop does. */
  private static QueryResult.Matrix collect(Evaluator ev, StepBatch batch, StepBatch.Rows rows) {
    int steps = batch.steps;
    double[] vals = new double[steps];
    boolean[] has = new boolean[steps];
    long[] perStep = new long[steps];
    List<QueryResult.SeriesPoints> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      rows.fill(r, vals, has);
      int n = 0;
      for (int k = 0; k < steps; k++) {
        if (has[k]) {
          n++;
        }
      }
      if (n == 0) {
        continue;
      }
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int k = 0, i = 0; k < steps; k++) {
        if (has[k]) {
          perStep[k]++;
          ts[i] = batch.time(k);
          vs[i++] = vals[k];
        }
      }
      out.add(new QueryResult.SeriesPoints(rows.labels.get(r), ts, vs));
    }
    for (int k = 0; k < steps; k++) {
      ev.startStep();
      ev.countSamples(batch.load[k]);
      ev.countResult(perStep[k]);
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new QueryResult.Matrix(out);
  }
}
