package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.promql.ast.AggregationOp;
import io.bongsu.promql.ast.BinaryOp;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.ValueType;
import io.bongsu.promql.ast.VectorMatching;
import io.bongsu.promql.engine.Value.Sample;
import io.bongsu.promql.engine.Value.Vec;
import io.bongsu.promql.functions.BucketQuantile;
import io.bongsu.promql.functions.RangeFunctions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * A range query's subtree evaluated at every step at once, one series (row) at a time: a
 * selector's window slides forward over its points instead of being looked up per step, and
 * an aggregation adds each input row into per-group arrays over all steps, so no per-step
 * objects are made. Only subtrees whose rows' labels are fixed for the whole query and whose
 * results cannot depend on the step order qualify; {@link #rows} answers null for the rest,
 * which the step-by-step evaluator keeps handling. Arithmetic is the same code in the same
 * order as there: a group adds its inputs in input-series order at every step.
 */
final class StepBatch {
  /**
   * Above this many rows × steps a node is not held in memory (an aggregation keeps ~24 bytes
   * a cell, a held subtree 9): such queries run step by step, as all did before.
   */
  private static final long MAX_CELLS = 4_000_000;

  private final Evaluator ev;
  private final long start;
  private final long step;
  final int steps;
  /** Samples read per step by this batch's selectors, counted as the step evaluator does. */
  final long[] load;

  StepBatch(Evaluator ev, long start, long step, int steps) {
    this.ev = ev;
    this.start = start;
    this.step = step;
    this.steps = steps;
    this.load = new long[steps];
  }

  long time(int k) {
    return start + k * step;
  }

  /** A node's value at every step, row by row; each row's labels hold for the whole query. */
  abstract static class Rows {
    final List<Labels> labels;
    /** Whether the rows present at any step come in row order there, as the step evaluator's. */
    final boolean rowOrdered;

    Rows(List<Labels> labels, boolean rowOrdered) {
      this.labels = labels;
      this.rowOrdered = rowOrdered;
    }

    int size() {
      return labels.size();
    }

    /** Fills vals[k] and has[k] for every step k; called at most once per row for leaves. */
    abstract void fill(int row, double[] vals, boolean[] has);
  }

  // ---- planning --------------------------------------------------------------------------

  /** The rows of e at every step, or null when e is not evaluated this way. */
  Rows rows(Expr e) {
    if (e instanceof Expr.Paren p) {
      return rows(p.expr());
    }
    if (e instanceof Expr.VectorSelector v) {
      return v.at() == null ? new SelectorRows(v) : null;
    }
    if (e instanceof Expr.Call c) {
      return call(c);
    }
    if (e instanceof Expr.Aggregation a) {
      return aggregation(a);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Unary u) {
      Rows in = rows(u.expr());
      return in == null || !u.negate() ? in : map(in, v -> -v);
    }
    return null;
  }

  private Rows call(Expr.Call c) {
    String name = c.func().name();
    if (name.equals("histogram_quantile")) {
      Expr q = Evaluator.unwrap(c.args().get(0));
      Rows in = constant(q) ? rows(c.args().get(1)) : null;
      return in == null ? null : HistogramRows.of(this, ev.evalScalar(q, start), in);
    }
    if (RangeFnRows.supports(name) && c.args().size() == 1
        && Evaluator.unwrap(c.args().get(0)) instanceof Expr.MatrixSelector m
        && m.selector().at() == null
        && (name.equals("last_over_time") || ev.isNamelessUnique(m.selector()))) {
      return new RangeFnRows(name, m);
    }
    DoubleUnaryOperator f = Functions.mathFunction(name);
    if (f != null) {
      Rows in = rows(c.args().get(0));
      return in == null ? null : map(in, f);
    }
    return null;
  }

  private Rows aggregation(Expr.Aggregation a) {
    if (a.param() != null || a.op().hasParam()) {
      return null;
    }
    Rows in = rows(a.expr());
    // Group values are sums in input order per step; a reordered input would change them.
    if (in == null || !in.rowOrdered) {
      return null;
    }
    AggregateRows out = new AggregateRows(a, in);
    return (long) out.size() * steps <= MAX_CELLS ? out : null;
  }

  /** A vector and a constant scalar, or two vectors matched one to one. */
  private Rows binary(Expr.Binary b) {
    if (b.op().isSetOperator() || b.type() != ValueType.VECTOR) {
      return null;
    }
    boolean scalarLeft = constant(Evaluator.unwrap(b.lhs()));
    Expr vector = scalarLeft ? b.rhs() : b.lhs();
    Expr scalar = scalarLeft ? b.lhs() : b.rhs();
    if (!constant(Evaluator.unwrap(scalar))) {
      return vectorBinary(b);
    }
    Rows in = rows(vector);
    if (in == null) {
      return null;
    }
    double sc = ev.evalScalar(scalar, start);
    boolean dropName = b.op().dropsMetricName() || b.returnBool();
    List<Labels> labels = dropName ? nameless(in.labels) : in.labels;
    if (labels == null) {
      return null;
    }
    BinaryOp op = b.op();
    boolean returnBool = b.returnBool();
    return new Rows(labels, in.rowOrdered) {
      @Override
      void fill(int row, double[] vals, boolean[] has) {
        in.fill(row, vals, has);
        for (int k = 0; k < vals.length; k++) {
          if (!has[k]) {
            continue;
          }
          combine(op, returnBool, scalarLeft ? sc : vals[k], scalarLeft ? vals[k] : sc, vals, has,
              k);
        }
      }
    };
  }

  /**
   * Step k of a binary operation, into {@code vals[k]}: the arithmetic result, 1 or 0 for a bool
   * comparison, or for a filtering comparison the sample kept as it is or dropped from {@code has}.
   */
  private static void combine(BinaryOp op, boolean returnBool, double lhs, double rhs,
      double[] vals, boolean[] has, int k) {
    if (!op.isComparison()) {
      vals[k] = BinaryMath.apply(op, lhs, rhs);
    } else if (returnBool) {
      vals[k] = BinaryMath.compare(op, lhs, rhs) ? 1 : 0;
    } else {
      has[k] = BinaryMath.compare(op, lhs, rhs);
    }
  }

  /**
   * Two vectors matched one to one without group modifiers. The pairs are fixed for the query
   * since labels are; taken only when no step could fail (a match signature repeated on
   * either side, or two results with the same labels, are errors where they meet).
   */
  private Rows vectorBinary(Expr.Binary b) {
    VectorMatching m = b.matching();
    // A scalar that changes by step (time(), scalar(v)) leaves no matching to pair.
    if (m == null || m.card() != VectorMatching.Cardinality.ONE_TO_ONE || !m.include().isEmpty()) {
      return null;
    }
    Rows lhs = rows(b.lhs());
    Rows rhs = lhs == null ? null : rows(b.rhs());
    if (rhs == null) {
      return null;
    }
    HashMap<Labels, Integer> rhsBySig = new HashMap<>();
    for (int r = 0; r < rhs.size(); r++) {
      if (rhsBySig.put(Evaluator.computeSignature(rhs.labels.get(r), m), r) != null) {
        return null;
      }
    }
    Set<Labels> lhsSigs = new HashSet<>();
    Set<Labels> results = new HashSet<>();
    List<Labels> labels = new ArrayList<>();
    List<int[]> pairs = new ArrayList<>();
    for (int l = 0; l < lhs.size(); l++) {
      Labels sig = Evaluator.computeSignature(lhs.labels.get(l), m);
      if (!lhsSigs.add(sig)) {
        return null;
      }
      Integer r = rhsBySig.get(sig);
      if (r == null) {
        continue;
      }
      Labels out = Evaluator.resultLabels(lhs.labels.get(l), rhs.labels.get(r), b.op(), m);
      if (b.returnBool()) {
        out = ev.dropName(out);
      }
      if (!results.add(out)) {
        return null;
      }
      labels.add(out);
      pairs.add(new int[] {l, r});
    }
    // Without a pair no row would be read, nor its samples counted as the step evaluator does.
    return pairs.isEmpty() ? null : new VectorBinaryRows(b, lhs, rhs, labels, pairs);
  }

  /** The matched pairs of {@link #vectorBinary}, one row each, in left-hand order. */
  private final class VectorBinaryRows extends Rows {
    private final BinaryOp op;
    private final boolean returnBool;
    private final Rows lhs;
    private final Rows rhs;
    private final List<int[]> pairs;
    private final double[] rhsVals = new double[steps];
    private final boolean[] rhsHas = new boolean[steps];
    private boolean unmatchedRead;

    VectorBinaryRows(Expr.Binary b, Rows lhs, Rows rhs, List<Labels> labels,
        List<int[]> pairs) {
      super(labels, lhs.rowOrdered);
      this.op = b.op();
      this.returnBool = b.returnBool();
      this.lhs = lhs;
      this.rhs = rhs;
      this.pairs = pairs;
    }

    @Override
    void fill(int row, double[] vals, boolean[] has) {
      if (!unmatchedRead) {
        readUnmatched();
      }
      int[] p = pairs.get(row);
      lhs.fill(p[0], vals, has);
      rhs.fill(p[1], rhsVals, rhsHas);
      for (int k = 0; k < steps; k++) {
        if (!has[k] || !rhsHas[k]) {
          has[k] = false;
          continue;
        }
        combine(op, returnBool, vals[k], rhsVals[k], vals, has, k);
      }
    }

    /** Series without a match are read once all the same: the step evaluator counts them. */
    private void readUnmatched() {
      unmatchedRead = true;
      boolean[] lhsPaired = new boolean[lhs.size()];
      boolean[] rhsPaired = new boolean[rhs.size()];
      for (int[] p : pairs) {
        lhsPaired[p[0]] = true;
        rhsPaired[p[1]] = true;
      }
      double[] vals = new double[steps];
      boolean[] has = new boolean[steps];
      for (int l = 0; l < lhsPaired.length; l++) {
        if (!lhsPaired[l]) {
          lhs.fill(l, vals, has);
        }
      }
      for (int r = 0; r < rhsPaired.length; r++) {
        if (!rhsPaired[r]) {
          rhs.fill(r, vals, has);
        }
      }
    }
  }

  private Rows map(Rows in, DoubleUnaryOperator f) {
    List<Labels> labels = nameless(in.labels);
    if (labels == null) {
      return null;
    }
    return new Rows(labels, in.rowOrdered) {
      @Override
      void fill(int row, double[] vals, boolean[] has) {
        in.fill(row, vals, has);
        for (int k = 0; k < vals.length; k++) {
          if (has[k]) {
            vals[k] = f.applyAsDouble(vals[k]);
          }
        }
      }
    };
  }

  /**
   * The labels without the metric name, or null when two rows would then collide: the step
   * evaluator reports that as an error at the steps where both are present.
   */
  private List<Labels> nameless(List<Labels> labels) {
    List<Labels> out = new ArrayList<>(labels.size());
    Set<Labels> seen = new HashSet<>(labels.size() * 2);
    for (Labels l : labels) {
      Labels d = ev.dropName(l);
      if (!seen.add(d)) {
        return null;
      }
      out.add(d);
    }
    return out;
  }

  /** An expression that is the same scalar at every step. */
  private static boolean constant(Expr e) {
    if (e instanceof Expr.NumberLiteral) {
      return true;
    }
    if (e instanceof Expr.Paren p) {
      return constant(p.expr());
    }
    if (e instanceof Expr.Unary u) {
      return constant(u.expr());
    }
    return e instanceof Expr.Binary b && b.type() == ValueType.SCALAR && constant(b.lhs())
        && constant(b.rhs());
  }

  // ---- leaves ----------------------------------------------------------------------------

  /** An instant selector: the latest sample within the lookback delta, unless stale. */
  private final class SelectorRows extends Rows {
    private final List<Evaluator.Loaded> series;
    private final long offset;

    SelectorRows(Expr.VectorSelector v) {
      this(ev.loaded(v), v.offsetMillis());
    }

    private SelectorRows(List<Evaluator.Loaded> series, long offset) {
      super(labelsOf(series), true);
      this.series = series;
      this.offset = offset;
    }

    @Override
    void fill(int row, double[] vals, boolean[] has) {
      ev.checkDeadline();
      Evaluator.Loaded s = series.get(row);
      long[] ts = s.ts;
      long lookback = ev.lookback();
      int last = -1;
      long ref = start - offset;
      for (int k = 0; k < steps; k++, ref += step) {
        while (last + 1 < s.n && ts[last + 1] <= ref) {
          last++;
        }
        boolean ok = last >= 0 && ts[last] >= ref - lookback && !StaleMarker.is(s.vs[last]);
        has[k] = ok;
        if (ok) {
          vals[k] = s.vs[last];
          load[k]++;
        }
      }
    }
  }

  private static List<Labels> labelsOf(List<Evaluator.Loaded> series) {
    List<Labels> out = new ArrayList<>(series.size());
    for (Evaluator.Loaded s : series) {
      out.add(s.labels);
    }
    return out;
  }

  /**
   * A range function over a matrix selector: the window [ref - range, ref] of each step found
   * by moving both ends forward from the previous step's.
   */
  private final class RangeFnRows extends Rows {
    private final Fn fn;
    private final List<Evaluator.Loaded> series;
    private final long offset;
    private final long range;

    RangeFnRows(String name, Expr.MatrixSelector m) {
      super(outputLabels(name, ev.loaded(m.selector())), true);
      this.fn = Fn.of(name);
      this.series = ev.loaded(m.selector());
      this.offset = m.selector().offsetMillis();
      this.range = m.rangeMillis();
    }

    static boolean supports(String name) {
      return Fn.of(name) != null;
    }

    private static List<Labels> outputLabels(String name, List<Evaluator.Loaded> series) {
      List<Labels> out = new ArrayList<>(series.size());
      for (Evaluator.Loaded s : series) {
        out.add(name.equals("last_over_time") ? s.labels : s.nameless);
      }
      return out;
    }

    @Override
    void fill(int row, double[] vals, boolean[] has) {
      ev.checkDeadline();
      Evaluator.Loaded s = series.get(row);
      long[] ts = s.ts;
      double[] vs = s.vs;
      int lo = 0;
      int hi = 0;
      long ref = start - offset;
      for (int k = 0; k < steps; k++, ref += step) {
        long from = ref - range;
        while (hi < s.n && ts[hi] <= ref) {
          hi++;
        }
        while (lo < hi && ts[lo] < from) {
          lo++;
        }
        int n = hi - lo;
        load[k] += n;
        // irate/idelta give no result for two last points at the same time.
        has[k] = n >= fn.minPoints
            && (fn != Fn.IRATE && fn != Fn.IDELTA || ts[hi - 1] != ts[hi - 2]);
        if (has[k]) {
          vals[k] = fn.apply(ts, vs, lo, hi, from, ref);
        }
      }
    }
  }

  /** The range functions {@link RangeFnRows} evaluates, resolved once per query. */
  private enum Fn {
    RATE(2), INCREASE(2), DELTA(2), IRATE(2), IDELTA(2), DERIV(2), AVG(1), SUM(1), MIN(1),
    MAX(1), COUNT(1), LAST(1), PRESENT(1), STDVAR(1), STDDEV(1), CHANGES(1), RESETS(1);

    final int minPoints;

    Fn(int minPoints) {
      this.minPoints = minPoints;
    }

    static Fn of(String name) {
      return switch (name) {
        case "rate" -> RATE;
        case "increase" -> INCREASE;
        case "delta" -> DELTA;
        case "irate" -> IRATE;
        case "idelta" -> IDELTA;
        case "deriv" -> DERIV;
        case "avg_over_time" -> AVG;
        case "sum_over_time" -> SUM;
        case "min_over_time" -> MIN;
        case "max_over_time" -> MAX;
        case "count_over_time" -> COUNT;
        case "last_over_time" -> LAST;
        case "present_over_time" -> PRESENT;
        case "stdvar_over_time" -> STDVAR;
        case "stddev_over_time" -> STDDEV;
        case "changes" -> CHANGES;
        case "resets" -> RESETS;
        default -> null;
      };
    }

    double apply(long[] ts, double[] vs, int lo, int hi, long from, long to) {
      return switch (this) {
        case RATE -> RangeFunctions.extrapolatedRate(ts, vs, lo, hi, from, to, true, true);
        case INCREASE -> RangeFunctions.extrapolatedRate(ts, vs, lo, hi, from, to, true, false);
        case DELTA -> RangeFunctions.extrapolatedRate(ts, vs, lo, hi, from, to, false, false);
        case IRATE, IDELTA -> RangeFunctions.instantValue(ts, vs, lo, hi, this == IRATE);
        case DERIV -> RangeFunctions.linearRegression(ts, vs, lo, hi, ts[lo])[0];
        case AVG -> RangeFunctions.avg(vs, lo, hi);
        case SUM -> RangeFunctions.sum(vs, lo, hi);
        case MIN -> RangeFunctions.extreme(vs, lo, hi, false);
        case MAX -> RangeFunctions.extreme(vs, lo, hi, true);
        case COUNT -> hi - lo;
        case LAST -> vs[hi - 1];
        case PRESENT -> 1;
        case STDVAR -> RangeFunctions.variance(vs, lo, hi);
        case STDDEV -> Math.sqrt(RangeFunctions.variance(vs, lo, hi));
        case CHANGES -> RangeFunctions.changes(vs, lo, hi);
        case RESETS -> RangeFunctions.resets(vs, lo, hi);
      };
    }
  }

  // ---- aggregation -----------------------------------------------------------------------

  /**
   * An aggregation without parameter, computed on first use into per-group arrays over all
   * steps by adding the input rows one after the other. At a step its groups appear in the
   * order their first input there appears ({@link #first}).
   */
  private final class AggregateRows extends Rows {
    private final AggregationOp op;
    private final Rows in;
    private final int[] slotOf;
    private double[][] value;
    private double[][] mean;
    private int[][] count;
    /** The first input row of each group at each step, the step evaluator's group order. */
    private int[][] first;

    AggregateRows(Expr.Aggregation a, Rows in) {
      this(a, in, new ArrayList<>());
    }

    private AggregateRows(Expr.Aggregation a, Rows in, List<Labels> keys) {
      super(keys, false);
      this.op = a.op();
      this.in = in;
      this.slotOf = new int[in.size()];
      HashMap<Labels, Integer> byKey = new HashMap<>();
      for (int r = 0; r < slotOf.length; r++) {
        Labels key = Aggregations.groupLabels(in.labels.get(r), a);
        Integer s = byKey.get(key);
        if (s == null) {
          s = keys.size();
          keys.add(key);
          byKey.put(key, s);
        }
        slotOf[r] = s;
      }
    }

    private void compute() {
      int groups = size();
      value = new double[groups][steps];
      count = new int[groups][steps];
      first = new int[groups][steps];
      boolean withMean = op == AggregationOp.AVG || op == AggregationOp.STDDEV
          || op == AggregationOp.STDVAR;
      mean = withMean ? new double[groups][steps] : null;
      double[] vals = new double[steps];
      boolean[] has = new boolean[steps];
      for (int r = 0; r < slotOf.length; r++) {
        in.fill(r, vals, has);
        int g = slotOf[r];
        double[] gv = value[g];
        double[] gm = withMean ? mean[g] : null;
        int[] gc = count[g];
        for (int k = 0; k < steps; k++) {
          if (has[k]) {
            add(gv, gm, gc, k, vals[k], r);
          }
        }
      }
    }

    /** One input sample into its group at step k, as {@link Aggregations} does per step. */
    private void add(double[] gv, double[] gm, int[] gc, int k, double v, int row) {
      int c = ++gc[k];
      if (c == 1) {
        first[slotOf[row]][k] = row;
        gv[k] = op == AggregationOp.STDDEV || op == AggregationOp.STDVAR ? 0 : v;
        if (gm != null) {
          gm[k] = v;
        }
        return;
      }
      switch (op) {
        case SUM -> gv[k] += v;
        case AVG -> {
          double m = gm[k];
          if (Double.isInfinite(m)) {
            if (Double.isInfinite(v) && (m > 0) == (v > 0)) {
              return;
            }
            if (!Double.isInfinite(v) && !Double.isNaN(v)) {
              return;
            }
          }
          gm[k] = m + (v / c - m / c);
        }
        case MAX -> {
          if (gv[k] < v || Double.isNaN(gv[k])) {
            gv[k] = v;
          }
        }
        case MIN -> {
          if (gv[k] > v || Double.isNaN(gv[k])) {
            gv[k] = v;
          }
        }
        case STDDEV, STDVAR -> {
          double delta = v - gm[k];
          gm[k] += delta / c;
          gv[k] += delta * (v - gm[k]);
        }
        default -> {
        }
      }
    }

    @Override
    void fill(int g, double[] vals, boolean[] has) {
      if (value == null) {
        compute();
      }
      int[] gc = count[g];
      for (int k = 0; k < steps; k++) {
        int c = gc[k];
        has[k] = c > 0;
        if (c == 0) {
          continue;
        }
        vals[k] = switch (op) {
          case SUM, MAX, MIN -> value[g][k];
          case AVG -> mean[g][k];
          case COUNT -> c;
          case GROUP -> 1;
          case STDVAR -> value[g][k] / c;
          case STDDEV -> Math.sqrt(value[g][k] / c);
          default -> throw new IllegalStateException(op.name());
        };
      }
    }

    int firstRow(int g, int k) {
      return first[g][k];
    }
  }

  // ---- histogram_quantile ----------------------------------------------------------------

  /**
   * histogram_quantile over rows grouped by their labels without name and {@code le}; each
   * group's buckets are put in bound order once, so a step only picks the present ones.
   */
  private static final class HistogramRows extends Rows {
    private final double q;
    private final Rows in;
    private final int[][] members;
    private final double[][] bounds;
    private final int steps;
    /** The input at every step, read on first use. */
    private double[][] inVals;
    private boolean[][] inHas;

    private HistogramRows(double q, Rows in, List<Labels> keys, int[][] members,
        double[][] bounds, int steps) {
      super(keys, false);
      this.q = q;
      this.in = in;
      this.members = members;
      this.bounds = bounds;
      this.steps = steps;
    }

    static Rows of(StepBatch b, double q, Rows in) {
      if ((long) in.size() * b.steps > MAX_CELLS) {
        return null;
      }
      List<Labels> keys = new ArrayList<>();
      HashMap<Labels, Integer> byKey = new HashMap<>();
      List<List<Integer>> rows = new ArrayList<>();
      List<Double> boundOf = new ArrayList<>(in.size());
      for (int r = 0; r < in.size(); r++) {
        Labels l = in.labels.get(r);
        String le = l.get("le");
        Double bound = le == null ? null : Functions.parseLe(le);
        boundOf.add(bound);
        if (bound == null) {
          continue;
        }
        Labels key = l.without(Labels.METRIC_NAME, "le");
        Integer s = byKey.get(key);
        if (s == null) {
          s = keys.size();
          keys.add(key);
          byKey.put(key, s);
          rows.add(new ArrayList<>());
        }
        rows.get(s).add(r);
      }
      if (keys.isEmpty()) {
        // No row would ever be read, nor its samples counted as the step evaluator does.
        return null;
      }
      int[][] members = new int[keys.size()][];
      double[][] bounds = new double[keys.size()][];
      for (int g = 0; g < members.length; g++) {
        // A stable sort, as the step evaluator's: equal bounds keep input order.
        List<Integer> m = rows.get(g);
        m.sort((x, y) -> Double.compare(boundOf.get(x), boundOf.get(y)));
        members[g] = new int[m.size()];
        bounds[g] = new double[m.size()];
        for (int i = 0; i < m.size(); i++) {
          members[g][i] = m.get(i);
          bounds[g][i] = boundOf.get(m.get(i));
          // Equal bounds are summed in input order, which only row-ordered input keeps.
          if (i > 0 && bounds[g][i] == bounds[g][i - 1] && !in.rowOrdered) {
            return null;
          }
        }
      }
      return new HistogramRows(q, in, keys, members, bounds, b.steps);
    }

    @Override
    void fill(int g, double[] vals, boolean[] has) {
      if (inVals == null) {
        inVals = new double[in.size()][];
        inHas = new boolean[in.size()][];
        for (int r = 0; r < in.size(); r++) {
          inVals[r] = new double[steps];
          inHas[r] = new boolean[steps];
          in.fill(r, inVals[r], inHas[r]);
        }
      }
      int[] m = members[g];
      double[] upper = new double[m.length];
      double[] counts = new double[m.length];
      for (int k = 0; k < steps; k++) {
        int n = 0;
        for (int i = 0; i < m.length; i++) {
          if (inHas[m[i]][k]) {
            upper[n] = bounds[g][i];
            counts[n++] = inVals[m[i]][k];
          }
        }
        has[k] = n > 0;
        if (n > 0) {
          vals[k] = BucketQuantile.ofSorted(q, upper, counts, n);
        }
      }
    }
  }

  // ---- results ---------------------------------------------------------------------------

  /** A subtree's rows held for the step evaluator, which asks for them one step at a time. */
  static final class Held {
    private final StepBatch batch;
    private final List<Labels> labels;
    private final double[][] vals;
    private final boolean[][] has;
    private final AggregateRows order;

    private Held(StepBatch batch, Rows rows) {
      this.batch = batch;
      this.labels = rows.labels;
      this.vals = new double[rows.size()][batch.steps];
      this.has = new boolean[rows.size()][batch.steps];
      for (int r = 0; r < vals.length; r++) {
        rows.fill(r, vals[r], has[r]);
      }
      this.order = rows instanceof AggregateRows a ? a : null;
    }

    /** The subtree's vector at step t, in the order the step evaluator would give. */
    Vec at(long t) {
      int k = (int) ((t - batch.start) / batch.step);
      batch.ev.countSamples(batch.load[k]);
      List<Sample> out = new ArrayList<>();
      for (int r = 0; r < vals.length; r++) {
        if (has[r][k]) {
          out.add(new Sample(labels.get(r), t, vals[r][k]));
        }
      }
      if (order != null && out.size() > 1) {
        int[] rowOf = new int[out.size()];
        Integer[] idx = new Integer[out.size()];
        for (int r = 0, i = 0; r < vals.length; r++) {
          if (has[r][k]) {
            rowOf[i] = r;
            idx[i] = i++;
          }
        }
        Arrays.sort(idx, (x, y) -> Integer.compare(order.firstRow(rowOf[x], k),
            order.firstRow(rowOf[y], k)));
        List<Sample> sorted = new ArrayList<>(out.size());
        for (Integer i : idx) {
          sorted.add(out.get(i));
        }
        out = sorted;
      }
      return new Vec(out);
    }
  }

  /**
   * Holds the largest subtrees of e (not inside subqueries) that can be held for the step
   * evaluator, each with its own batch over the steps of {@code like}.
   */
  static void hold(Evaluator ev, Expr e, StepBatch like, java.util.Map<Expr, Held> out) {
    if (e instanceof Expr.Subquery || e instanceof Expr.NumberLiteral
        || e instanceof Expr.StringLiteral || e instanceof Expr.MatrixSelector
        || e instanceof Expr.VectorSelector) {
      // A bare selector's samples keep their own timestamps (timestamp() reads them).
      return;
    }
    StepBatch b = new StepBatch(ev, like.start, like.step, like.steps);
    Rows rows = e.type() == ValueType.VECTOR ? b.rows(e) : null;
    if (rows != null && (rows.rowOrdered || rows instanceof AggregateRows)
        && (long) rows.size() * b.steps <= MAX_CELLS) {
      out.put(e, new Held(b, rows));
      return;
    }
    for (Expr child : children(e)) {
      hold(ev, child, like, out);
    }
  }

  private static List<Expr> children(Expr e) {
    if (e instanceof Expr.Paren p) {
      return List.of(p.expr());
    }
    if (e instanceof Expr.Unary u) {
      return List.of(u.expr());
    }
    if (e instanceof Expr.Binary b) {
      return List.of(b.lhs(), b.rhs());
    }
    if (e instanceof Expr.Aggregation a) {
      return a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
    }
    if (e instanceof Expr.Call c) {
      return c.args();
    }
    return List.of();
  }
}
