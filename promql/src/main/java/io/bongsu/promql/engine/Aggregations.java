package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import io.bongsu.common.text.GoFloat;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.AggregationOp;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.engine.Value.Sample;
import io.bongsu.promql.engine.Value.Vec;
import io.bongsu.promql.functions.RangeFunctions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

  /**
   * The groups one aggregation node has seen in this query, numbered in first-seen order, and
   * the group number of each input label set.
   */
  static final class GroupSlots {
    private final HashMap<Labels, Integer> byInput = new HashMap<>();
    private final HashMap<Labels, Integer> byKey = new HashMap<>();
    final List<Labels> keys = new ArrayList<>();

    int slot(Labels input, Expr.Aggregation a) {
      Integer s = byInput.get(input);
      if (s == null) {
        Labels key = groupLabels(input, a);
        s = byKey.get(key);
        if (s == null) {
          s = keys.size();
          keys.add(key);
          byKey.put(key, s);
        }
        byInput.put(input, s);
      }
      return s;
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
        throw PromqlException.execution("Scalar value " + GoFloat.formatG(param)
            + " overflows int64");
      }
    }
    Vec in = ev.evalVector(a.expr(), t);
    // Without count_values a series' group is the same at every step: found once per series
    // through the node's slots, then by array index. count_values keys on the value as well.
    GroupSlots slots = valueLabel == null ? ev.nodeState(a, GroupSlots::new) : null;
    Map<Labels, Group> groups = slots == null ? new HashMap<>() : null;
    Group[] bySlot = slots == null ? null : new Group[Math.max(slots.keys.size(), 8)];
    List<Group> order = new ArrayList<>();
    for (Sample s : in.samples()) {
      Group g;
      Labels key = null;
      int slot = -1;
      if (slots != null) {
        slot = slots.slot(s.labels, a);
        if (slot >= bySlot.length) {
          bySlot = Arrays.copyOf(bySlot, Math.max(slot + 1, bySlot.length * 2));
        }
        g = bySlot[slot];
        if (g == null) {
          key = slots.keys.get(slot);
        }
      } else {
        key = ev.derive(a, s.labels, l -> groupLabels(l, a)).toBuilder()
            .set(valueLabel, GoFloat.formatF(s.v)).build();
        g = groups.get(key);
      }
      if (g == null) {
        g = new Group(key);
        if (slots != null) {
          bySlot[slot] = g;
        } else {
          groups.put(key, g);
        }
        order.add(g);
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
    List<Sample> out = new ArrayList<>(order.size());
    for (Group g : order) {
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

  /**
   * The k largest (or smallest) samples, full labels kept, best first. Which of several equal
   * values survive is what Prometheus's binary heap keeps: samples are offered in input order,
   * the heap's root (the worst kept, NaN worst of all) gives way only to a strictly better
   * value, popped before the newcomer is pushed (as Prometheus 2.42 answers); the kept samples are then ordered by the insertion sort Go's sort.Sort uses for
   * up to 12 elements (beyond that Go's pdqsort may order equal values differently).
   */
  private static void selectK(List<Sample> samples, double param, boolean top, long t,
      List<Sample> out) {
    if (Double.isNaN(param) || param < 1) {
      return;
    }
    int k = param >= samples.size() ? samples.size() : (int) param;
    Sample[] heap = new Sample[k];
    int n = 0;
    for (Sample s : samples) {
      if (n < k) {
        heap[n] = s;
        siftUp(heap, n++, top);
      } else if (worse(heap[0].v, s.v, top)
          || (Double.isNaN(heap[0].v) && !Double.isNaN(s.v))) {
        // The root leaves as a heap pop does (the last element takes its place and sinks),
        // then the newcomer enters at the bottom; which of equal values stays depends on this.
        heap[0] = heap[n - 1];
        siftDown(heap, 0, n - 1, top);
        heap[n - 1] = s;
        siftUp(heap, n - 1, top);
      }
    }
    // Descending by the heap order (its Less reversed): insertion sort moves an element left
    // while its left neighbour is "less" than it.
    for (int i = 1; i < n; i++) {
      for (int j = i; j > 0 && less(heap, j - 1, j, top); j--) {
        Sample x = heap[j];
        heap[j] = heap[j - 1];
        heap[j - 1] = x;
      }
    }
    for (int i = 0; i < n; i++) {
      out.add(new Sample(heap[i].labels, t, heap[i].v));
    }
  }

  /** Whether a ranks strictly below b: smaller for topk, larger for bottomk. */
  private static boolean worse(double a, double b, boolean top) {
    return top ? a < b : a > b;
  }

  /** The heap's ordering: NaN first, then the worst value. */
  private static boolean less(Sample[] h, int i, int j, boolean top) {
    return Double.isNaN(h[i].v) || worse(h[i].v, h[j].v, top);
  }

  private static void siftUp(Sample[] h, int j, boolean top) {
    while (j > 0) {
      int i = (j - 1) / 2;
      if (!less(h, j, i, top)) {
        return;
      }
      swap(h, i, j);
      j = i;
    }
  }

  private static void siftDown(Sample[] h, int i, int n, boolean top) {
    while (true) {
      int j = 2 * i + 1;
      if (j >= n) {
        return;
      }
      if (j + 1 < n && less(h, j + 1, j, top)) {
        j++;
      }
      if (!less(h, j, i, top)) {
        return;
      }
      swap(h, i, j);
      i = j;
    }
  }

  private static void swap(Sample[] h, int i, int j) {
    Sample x = h[i];
    h[i] = h[j];
    h[j] = x;
  }

  static Labels groupLabels(Labels l, Expr.Aggregation a) {
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
