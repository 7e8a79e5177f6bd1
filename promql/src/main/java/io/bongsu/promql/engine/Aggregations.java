package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.AggregationOp;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.Formatter;
import io.bongsu.promql.engine.Value.Sample;
import io.bongsu.promql.engine.Value.Vec;
import io.bongsu.promql.functions.RangeFunctions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregation operators, grouping by or without labels, groups in first-seen order. */
final class Aggregations {
  private Aggregations() {}

  /** Running state of one group. */
  private static final class Group {
    final Labels labels;
    double value;
    double mean;
    long count;
    List<Sample> samples;

    Group(Labels labels) {
      this.labels = labels;
    }
  }

  static Vec aggregate(Evaluator ev, Expr.Aggregation a, long t) {
    AggregationOp op = a.op();
    double param = 0;
    String valueLabel = null;
    if (op == AggregationOp.COUNT_VALUES) {
      valueLabel = ((Value.Str) ev.eval(a.param(), t)).s();
      if (!Functions.isValidLabelName(valueLabel)) {
        throw PromqlException.execution("invalid label name \"" + valueLabel + "\"");
      }
    } else if (a.param() != null) {
      param = ev.evalScalar(a.param(), t);
      if ((op == AggregationOp.TOPK || op == AggregationOp.BOTTOMK)
          && (Double.isNaN(param) || param >= 0x1p63 || param < -0x1p63)) {
        throw PromqlException.execution("Scalar value " + Formatter.formatNumber(param)
            + " overflows int64");
      }
    }
    Vec in = ev.evalVector(a.expr(), t);
    Map<Labels, Group> groups = new LinkedHashMap<>();
    for (Sample s : in.samples()) {
      Labels key = ev.derive(a, s.labels, l -> groupLabels(l, a));
      if (valueLabel != null) {
        key = key.toBuilder().set(valueLabel, Formatter.formatNumber(s.v)).build();
      }
      Group g = groups.get(key);
      if (g == null) {
        g = new Group(key);
        groups.put(key, g);
        g.count = 1;
        g.value = s.v;
        g.mean = s.v;
        if (op == AggregationOp.STDDEV || op == AggregationOp.STDVAR) {
          g.value = 0;
        }
        if (op == AggregationOp.TOPK || op == AggregationOp.BOTTOMK
            || op == AggregationOp.QUANTILE) {
          g.samples = new ArrayList<>();
          g.samples.add(s);
        }
        continue;
      }
      g.count++;
      switch (op) {
        case SUM -> g.value += s.v;
        case AVG -> {
          if (Double.isInfinite(g.mean)) {
            if (Double.isInfinite(s.v) && (g.mean > 0) == (s.v > 0)) {
              break;
            }
            if (!Double.isInfinite(s.v) && !Double.isNaN(s.v)) {
              break;
            }
          }
          g.mean += s.v / g.count - g.mean / g.count;
        }
        case MAX -> {
          if (g.value < s.v || Double.isNaN(g.value)) {
            g.value = s.v;
          }
        }
        case MIN -> {
          if (g.value > s.v || Double.isNaN(g.value)) {
            g.value = s.v;
          }
        }
        case STDDEV, STDVAR -> {
          double delta = s.v - g.mean;
          g.mean += delta / g.count;
          g.value += delta * (s.v - g.mean);
        }
        case TOPK, BOTTOMK, QUANTILE -> g.samples.add(s);
        default -> {
        }
      }
    }
    List<Sample> out = new ArrayList<>(groups.size());
    for (Group g : groups.values()) {
      switch (op) {
        case SUM, MAX, MIN -> out.add(new Sample(g.labels, t, g.value));
        case AVG -> out.add(new Sample(g.labels, t, g.mean));
        case COUNT, COUNT_VALUES -> out.add(new Sample(g.labels, t, g.count));
        case GROUP -> out.add(new Sample(g.labels, t, 1));
        case STDVAR -> out.add(new Sample(g.labels, t, g.value / g.count));
        case STDDEV -> out.add(new Sample(g.labels, t, Math.sqrt(g.value / g.count)));
        case QUANTILE -> {
          double[] vs = new double[g.samples.size()];
          for (int k = 0; k < vs.length; k++) {
            vs[k] = g.samples.get(k).v;
          }
          out.add(new Sample(g.labels, t, RangeFunctions.quantile(param, vs, vs.length)));
        }
        case TOPK, BOTTOMK -> selectK(g.samples, param, op == AggregationOp.TOPK, t, out);
        default -> throw new IllegalStateException(op.name());
      }
    }
    return new Vec(out);
  }

  /** The k largest (or smallest) samples, full labels kept, best first; NaN ranks last. */
  private static void selectK(List<Sample> samples, double param, boolean top, long t,
      List<Sample> out) {
    if (Double.isNaN(param) || param < 1) {
      return;
    }
    long k = param >= samples.size() ? samples.size() : (long) param;
    Comparator<Sample> byValue = (x, y) -> {
      boolean xn = Double.isNaN(x.v);
      boolean yn = Double.isNaN(y.v);
      if (xn || yn) {
        return Boolean.compare(xn, yn);
      }
      return top ? Double.compare(y.v, x.v) : Double.compare(x.v, y.v);
    };
    List<Sample> sorted = new ArrayList<>(samples);
    sorted.sort(byValue);
    for (int i = 0; i < k; i++) {
      Sample s = sorted.get(i);
      out.add(new Sample(s.labels, t, s.v));
    }
  }

  private static Labels groupLabels(Labels l, Expr.Aggregation a) {
    if (!a.without()) {
      return a.grouping().isEmpty() ? Labels.EMPTY : l.keepOnly(a.grouping());
    }
    Labels.Builder b = l.toBuilder();
    b.remove(Labels.METRIC_NAME);
    for (String n : a.grouping()) {
      b.remove(n);
    }
    return b.build();
  }
}
