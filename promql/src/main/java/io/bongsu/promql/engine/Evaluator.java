package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.storage.Storage;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.AtModifier;
import io.bongsu.promql.ast.BinaryOp;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.ValueType;
import io.bongsu.promql.ast.VectorMatching;
import io.bongsu.promql.engine.Value.Mat;
import io.bongsu.promql.engine.Value.RangeSeries;
import io.bongsu.promql.engine.Value.Sample;
import io.bongsu.promql.engine.Value.Scalar;
import io.bongsu.promql.engine.Value.Str;
import io.bongsu.promql.engine.Value.Vec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates one query: loads every selector's samples once into primitive arrays, then
 * evaluates the tree step by step, each selector reading its window by binary search.
 */
final class Evaluator {
  /** One selector's series, loaded over the whole time range the query needs. */
  static final class Loaded {
    final Labels labels;
    /**
     * For a range-vector selector's series, the labels without the metric name, computed once
     * rather than at every step; null for an instant selector's.
     */
    final Labels nameless;
    final long[] ts;
    final double[] vs;
    final int n;
    /**
     * Where the previous range-vector window of this series started and ended: steps move
     * forward, so the next window is usually found by stepping on from there.
     */
    int lo;
    int hi;

    Loaded(Labels labels, Labels nameless, long[] ts, double[] vs, int n) {
      this.labels = labels;
      this.nameless = nameless;
      this.ts = ts;
      this.vs = vs;
      this.n = n;
    }
  }

  private final EngineOptions options;
  private final long queryStart;
  private final long queryEnd;
  private final long deadlineNanos;
  private final long lookback;
  private final IdentityHashMap<Expr.VectorSelector, long[]> ranges = new IdentityHashMap<>();
  private final IdentityHashMap<Expr.VectorSelector, Boolean> inMatrix = new IdentityHashMap<>();
  private final IdentityHashMap<Expr.VectorSelector, List<Loaded>> data = new IdentityHashMap<>();
  /** Range-vector selectors whose series stay distinct without their metric names. */
  private final Set<Expr.VectorSelector> namelessUnique =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Inner results of each subquery by inner step time: successive outer steps share most of
   * their (step-aligned) inner times, so each is evaluated once, as Prometheus does.
   */
  private final IdentityHashMap<Expr.Subquery, TreeMap<Long, List<Sample>>> subqueryCache =
      new IdentityHashMap<>();
  private final HashMap<Labels, Labels> nameless = new HashMap<>();
  private final IdentityHashMap<Object, HashMap<Labels, Labels>> derived = new IdentityHashMap<>();
  private final IdentityHashMap<Object, Object> nodeStates = new IdentityHashMap<>();
  /** Subtrees of a range query evaluated at every step in advance ({@link StepBatch}). */
  private final IdentityHashMap<Expr, StepBatch.Held> held = new IdentityHashMap<>();
  private long stepSamples;
  private long resultSamples;
  private int checks;

  Evaluator(EngineOptions options, long queryStart, long queryEnd) {
    this.options = options;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    this.lookback = options.lookbackDelta().toMillis();
  }

  // ---- loading -------------------------------------------------------------------------

  /** Reads every selector's samples; the querier is closed before evaluation starts. */
  void load(Storage storage, Expr root) {
    prepare(root, queryStart, queryEnd);
    if (ranges.isEmpty()) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long[] r : ranges.values()) {
      min = Math.min(min, r[0]);
      max = Math.max(max, r[1]);
    }
    long[] tsBuf = new long[256];
    double[] vsBuf = new double[256];
    try (Querier q = storage.querier(min, max)) {
      for (Map.Entry<Expr.VectorSelector, long[]> e : ranges.entrySet()) {
        long lo = e.getValue()[0];
        long hi = e.getValue()[1];
        boolean skipStale = inMatrix.containsKey(e.getKey());
        List<Loaded> out = new ArrayList<>();
        for (Series s : q.select(e.getKey().matchers())) {
          checkDeadline();
          SampleIterator it = s.iterator();
          int n = 0;
          if (it.seek(lo)) {
            do {
              long t = it.timestamp();
              if (t > hi) {
                break;
              }
              double v = it.value();
              if (skipStale && StaleMarker.is(v)) {
                continue;
              }
              if (n == tsBuf.length) {
                tsBuf = Arrays.copyOf(tsBuf, n * 2);
                vsBuf = Arrays.copyOf(vsBuf, n * 2);
              }
              tsBuf[n] = t;
              vsBuf[n++] = v;
            } while (it.next());
          }
          if (n > 0) {
            Labels l = s.labels();
            // Each series is loaded once: no memo of its nameless labels is worth keeping.
            Labels nameless = !skipStale ? null
                : l.has(Labels.METRIC_NAME) ? l.withoutMetricName() : l;
            out.add(new Loaded(l, nameless, Arrays.copyOf(tsBuf, n),
                Arrays.copyOf(vsBuf, n), n));
          }
        }
        data.put(e.getKey(), out);
        if (skipStale && distinctNameless(out)) {
          namelessUnique.add(e.getKey());
        }
      }
    }
  }

  List<Loaded> loaded(Expr.VectorSelector v) {
    return data.get(v);
  }

  boolean isNamelessUnique(Expr.VectorSelector v) {
    return namelessUnique.contains(v);
  }

  long lookback() {
    return lookback;
  }

  /**
   * Prepares a range query over the given steps: its whole tree evaluated at every step when
   * {@link StepBatch} can, returned; otherwise null, and the largest subtrees it can are held
   * for {@link #eval} to read step by step.
   */
  StepBatch.Rows batch(StepBatch batch, Expr root) {
    StepBatch.Rows rows = root.type() == ValueType.VECTOR ? batch.rows(root) : null;
    if (rows == null) {
      StepBatch.hold(this, root, batch, held);
    }
    return rows;
  }

  private static boolean distinctNameless(List<Loaded> series) {
    Set<Labels> seen = new HashSet<>(series.size() * 2);
    for (Loaded s : series) {
      if (!seen.add(s.nameless)) {
        return false;
      }
    }
    return true;
  }

  /** Records, for each selector, the sample time range it needs for eval times [minT, maxT]. */
  private void prepare(Expr e, long minT, long maxT) {
    if (e instanceof Expr.VectorSelector v) {
      addRange(v, minT, maxT, lookback);
    } else if (e instanceof Expr.MatrixSelector m) {
      inMatrix.put(m.selector(), Boolean.TRUE);
      addRange(m.selector(), minT, maxT, m.rangeMillis());
    } else if (e instanceof Expr.Subquery s) {
      long lo = minT;
      long hi = maxT;
      if (s.at() != null) {
        lo = hi = s.at().resolve(queryStart, queryEnd);
      }
      prepare(s.expr(), lo - s.offsetMillis() - s.rangeMillis(), hi - s.offsetMillis());
    } else if (e instanceof Expr.Paren p) {
      prepare(p.expr(), minT, maxT);
    } else if (e instanceof Expr.Unary u) {
      prepare(u.expr(), minT, maxT);
    } else if (e instanceof Expr.Binary b) {
      prepare(b.lhs(), minT, maxT);
      prepare(b.rhs(), minT, maxT);
    } else if (e instanceof Expr.Aggregation a) {
      if (a.param() != null) {
        prepare(a.param(), minT, maxT);
      }
      prepare(a.expr(), minT, maxT);
    } else if (e instanceof Expr.Call c) {
      for (Expr arg : c.args()) {
        prepare(arg, minT, maxT);
      }
    }
  }

  private void addRange(Expr.VectorSelector v, long minT, long maxT, long window) {
    if (v.at() != null) {
      minT = maxT = v.at().resolve(queryStart, queryEnd);
    }
    long lo = minT - v.offsetMillis() - window;
    long hi = maxT - v.offsetMillis();
    long[] r = ranges.get(v);
    if (r == null) {
      ranges.put(v, new long[] {lo, hi});
    } else {
      r[0] = Math.min(r[0], lo);
      r[1] = Math.max(r[1], hi);
    }
  }

  // ---- limits ----------------------------------------------------------------------------

  void checkDeadline() {
    if ((++checks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new PromqlException("timeout", "query timed out in query execution");
    }
  }

  void startStep() {
    stepSamples = 0;
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new PromqlException("timeout", "query timed out in query execution");
    }
  }

  void countSamples(long n) {
    stepSamples += n;
    if (stepSamples + resultSamples > options.maxSamples()) {
      throw PromqlException.execution(
          "query processing would load too many samples into memory in query execution");
    }
  }

  /** Counts points kept in a range query's result, which stay in memory until the end. */
  void countResult(long n) {
    resultSamples += n;
    countSamples(0);
  }

  // ---- evaluation ------------------------------------------------------------------------

  Value eval(Expr e, long t) {
    if (!held.isEmpty()) {
      StepBatch.Held h = held.get(e);
      if (h != null) {
        return h.at(t);
      }
    }
    if (e instanceof Expr.NumberLiteral n) {
      return new Scalar(n.value());
    }
    if (e instanceof Expr.StringLiteral s) {
      return new Str(s.value());
    }
    if (e instanceof Expr.Paren p) {
      return eval(p.expr(), t);
    }
    if (e instanceof Expr.VectorSelector v) {
      return selectInstant(v, t);
    }
    if (e instanceof Expr.MatrixSelector m) {
      return selectRange(m, t);
    }
    if (e instanceof Expr.Subquery s) {
      return subquery(s, t);
    }
    if (e instanceof Expr.Unary u) {
      Value v = eval(u.expr(), t);
      if (!u.negate()) {
        return v;
      }
      if (v instanceof Scalar sc) {
        return new Scalar(-sc.v());
      }
      List<Sample> in = ((Vec) v).samples();
      List<Sample> out = new ArrayList<>(in.size());
      for (Sample s : in) {
        out.add(new Sample(dropName(s.labels), t, -s.v));
      }
      return checkUnique(out);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b, t);
    }
    if (e instanceof Expr.Aggregation a) {
      return Aggregations.aggregate(this, a, t);
    }
    if (e instanceof Expr.Call c) {
      return Functions.call(this, c, t);
    }
    throw new IllegalStateException("unknown expression " + e);
  }

  Vec evalVector(Expr e, long t) {
    return (Vec) eval(e, t);
  }

  double evalScalar(Expr e, long t) {
    return ((Scalar) eval(e, t)).v();
  }

  long refTime(AtModifier at, long offset, long t) {
    return (at != null ? at.resolve(queryStart, queryEnd) : t) - offset;
  }

  /** Samples as they were at t: the latest within the lookback delta, unless it is stale. */
  Vec selectInstant(Expr.VectorSelector v, long t) {
    long ref = refTime(v.at(), v.offsetMillis(), t);
    List<Loaded> series = data.get(v);
    List<Sample> out = new ArrayList<>();
    for (Loaded s : series) {
      int k = lastAtOrBefore(s.ts, s.n, ref);
      if (k >= 0 && s.ts[k] >= ref - lookback && !StaleMarker.is(s.vs[k])) {
        out.add(new Sample(s.labels, s.ts[k], s.vs[k]));
      }
    }
    countSamples(out.size());
    checkDeadline();
    return new Vec(out);
  }

  /** Points with timestamps in [ref - range, ref], stale markers left out at load time. */
  Mat selectRange(Expr.MatrixSelector m, long t) {
    Expr.VectorSelector v = m.selector();
    long ref = refTime(v.at(), v.offsetMillis(), t);
    List<Loaded> series = data.get(v);
    List<RangeSeries> out = new ArrayList<>();
    long total = 0;
    long start = ref - m.rangeMillis();
    for (Loaded s : series) {
      int hi = s.hi;
      if (hi > 0 && s.ts[hi - 1] > ref) {
        hi = lastAtOrBefore(s.ts, s.n, ref) + 1;
      } else {
        while (hi < s.n && s.ts[hi] <= ref) {
          hi++;
        }
      }
      int lo = Math.min(s.lo, hi);
      if (lo > 0 && s.ts[lo - 1] >= start) {
        lo = lastAtOrBefore(s.ts, hi, start - 1) + 1;
      } else {
        while (lo < hi && s.ts[lo] < start) {
          lo++;
        }
      }
      s.lo = lo;
      s.hi = hi;
      if (hi > lo) {
        out.add(new RangeSeries(s.labels, s.nameless, s.ts, s.vs, lo, hi));
        total += hi - lo;
      }
    }
    countSamples(total);
    checkDeadline();
    return new Mat(out, namelessUnique.contains(v));
  }

  private static int lastAtOrBefore(long[] ts, int n, long t) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  /** Evaluates the inner expression at every multiple of the step in [ref - range, ref]. */
  Mat subquery(Expr.Subquery s, long t) {
    long ref = refTime(s.at(), s.offsetMillis(), t);
    long step = s.stepMillis() != 0 ? s.stepMillis() : options.defaultSubqueryStep().toMillis();
    long first = Math.floorDiv(ref - s.rangeMillis(), step) * step;
    if (first < ref - s.rangeMillis()) {
      first += step;
    }
    TreeMap<Long, List<Sample>> cache = subqueryCache.computeIfAbsent(s, k -> new TreeMap<>());
    cache.headMap(first).clear();
    Map<Labels, PointsBuilder> series = new LinkedHashMap<>();
    long total = 0;
    for (long it = first; it <= ref; it += step) {
      checkDeadline();
      List<Sample> inner = cache.get(it);
      if (inner == null) {
        inner = evalVector(s.expr(), it).samples();
        cache.put(it, inner);
      }
      for (Sample smp : inner) {
        series.computeIfAbsent(smp.labels, k -> new PointsBuilder()).add(it, smp.v);
        total++;
      }
    }
    countSamples(total);
    List<RangeSeries> out = new ArrayList<>(series.size());
    for (Map.Entry<Labels, PointsBuilder> e : series.entrySet()) {
      PointsBuilder p = e.getValue();
      out.add(new RangeSeries(e.getKey(), null, p.ts, p.vs, 0, p.n));
    }
    return new Mat(out);
  }

  /** The [start, end] window a range-vector argument covers at eval time t. */
  long[] window(Expr arg, long t) {
    Expr a = unwrap(arg);
    if (a instanceof Expr.MatrixSelector m) {
      long ref = refTime(m.selector().at(), m.selector().offsetMillis(), t);
      return new long[] {ref - m.rangeMillis(), ref};
    }
    Expr.Subquery s = (Expr.Subquery) a;
    long ref = refTime(s.at(), s.offsetMillis(), t);
    return new long[] {ref - s.rangeMillis(), ref};
  }

  /** Strips any parentheses around an expression. */
  static Expr unwrap(Expr e) {
    while (e instanceof Expr.Paren p) {
      e = p.expr();
    }
    return e;
  }

  static Vec checkUnique(List<Sample> out) {
    if (out.size() > 1) {
      Set<Labels> seen = new HashSet<>(out.size() * 2);
      for (Sample s : out) {
        if (!seen.add(s.labels)) {
          throw PromqlException.execution("vector cannot contain metrics with the same labelset");
        }
      }
    }
    return new Vec(out);
  }

  // ---- binary operators ------------------------------------------------------------------

  private Value binary(Expr.Binary b, long t) {
    Value l = eval(b.lhs(), t);
    Value r = eval(b.rhs(), t);
    BinaryOp op = b.op();
    if (l instanceof Scalar ls && r instanceof Scalar rs) {
      double v = BinaryMath.apply(op, ls.v(), rs.v());
      if (op.isComparison()) {
        v = BinaryMath.compare(op, ls.v(), rs.v()) ? 1 : 0;
      }
      return new Scalar(v);
    }
    if (l instanceof Vec lv && r instanceof Vec rv) {
      return switch (op) {
        case AND -> and(lv, rv, b.matching(), false);
        case UNLESS -> and(lv, rv, b.matching(), true);
        case OR -> or(lv, rv, b.matching());
        default -> vectorVector(b, lv, rv, t);
      };
    }
    boolean scalarLeft = l instanceof Scalar;
    Vec vec = (Vec) (scalarLeft ? r : l);
    double sc = ((Scalar) (scalarLeft ? l : r)).v();
    List<Sample> out = new ArrayList<>(vec.samples().size());
    boolean dropName = op.dropsMetricName() || b.returnBool();
    for (Sample s : vec.samples()) {
      double lhs = scalarLeft ? sc : s.v;
      double rhs = scalarLeft ? s.v : sc;
      double v;
      if (op.isComparison()) {
        boolean keep = BinaryMath.compare(op, lhs, rhs);
        if (b.returnBool()) {
          v = keep ? 1 : 0;
        } else if (!keep) {
          continue;
        } else {
          v = s.v;
        }
      } else {
        v = BinaryMath.apply(op, lhs, rhs);
      }
      out.add(new Sample(dropName ? dropName(s.labels) : s.labels, t, v));
    }
    return dropName ? checkUnique(out) : new Vec(out);
  }

  /** The labels without __name__, computed once per distinct label set in this query. */
  Labels dropName(Labels l) {
    if (!l.has(Labels.METRIC_NAME)) {
      return l;
    }
    Labels r = nameless.get(l);
    if (r == null) {
      r = l.withoutMetricName();
      nameless.put(l, r);
    }
    return r;
  }

  /** State one expression node keeps for the whole query, made on first use. */
  @SuppressWarnings("unchecked")
  <T> T nodeState(Object node, java.util.function.Supplier<T> make) {
    return (T) nodeStates.computeIfAbsent(node, k -> make.get());
  }

  /** A label set derived from l by a per-node rule (a match signature, a group key), memoized. */
  Labels derive(Object node, Labels l, java.util.function.Function<Labels, Labels> rule) {
    HashMap<Labels, Labels> memo = derived.computeIfAbsent(node, k -> new HashMap<>());
    Labels r = memo.get(l);
    if (r == null) {
      r = rule.apply(l);
      memo.put(l, r);
    }
    return r;
  }

  private Labels signature(Labels l, VectorMatching m) {
    return derive(m, l, x -> computeSignature(x, m));
  }

  static Labels computeSignature(Labels l, VectorMatching m) {
    if (m.on()) {
      return l.keepOnly(m.matchingLabels());
    }
    Labels.Builder b = l.toBuilder();
    b.remove(Labels.METRIC_NAME);
    for (String n : m.matchingLabels()) {
      b.remove(n);
    }
    return b.build();
  }

  private Vec and(Vec l, Vec r, VectorMatching m, boolean unless) {
    Set<Labels> right = new HashSet<>();
    for (Sample s : r.samples()) {
      right.add(signature(s.labels, m));
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : l.samples()) {
      if (right.contains(signature(s.labels, m)) != unless) {
        out.add(s);
      }
    }
    return new Vec(out);
  }

  private Vec or(Vec l, Vec r, VectorMatching m) {
    Set<Labels> left = new HashSet<>();
    List<Sample> out = new ArrayList<>(l.samples());
    for (Sample s : l.samples()) {
      left.add(signature(s.labels, m));
    }
    for (Sample s : r.samples()) {
      if (!left.contains(signature(s.labels, m))) {
        out.add(s);
      }
    }
    return new Vec(out);
  }

  private Vec vectorVector(Expr.Binary b, Vec lhs, Vec rhs, long t) {
    BinaryOp op = b.op();
    VectorMatching m = b.matching();
    boolean returnBool = b.returnBool();
    Object resultKey = b;
    boolean swap = m.card() == VectorMatching.Cardinality.ONE_TO_MANY;
    List<Sample> many = swap ? rhs.samples() : lhs.samples();
    List<Sample> one = swap ? lhs.samples() : rhs.samples();
    Map<Labels, Sample> oneBySig = new HashMap<>();
    for (Sample s : one) {
      Labels sig = signature(s.labels, m);
      Sample dup = oneBySig.put(sig, s);
      if (dup != null) {
        throw PromqlException.execution("found duplicate series for the match group " + sig
            + " on the " + (swap ? "left" : "right") + " hand-side of the operation: ["
            + s.labels + ", " + dup.labels + "];many-to-many matching not allowed: matching "
            + "labels must be unique on one side");
      }
    }
    Map<Labels, Set<Labels>> matched = new HashMap<>();
    List<Sample> out = new ArrayList<>();
    for (Sample s : many) {
      Labels sig = signature(s.labels, m);
      Sample o = oneBySig.get(sig);
      if (o == null) {
        continue;
      }
      double vl = swap ? o.v : s.v;
      double vr = swap ? s.v : o.v;
      double value;
      if (op.isComparison()) {
        boolean keep = BinaryMath.compare(op, vl, vr);
        if (returnBool) {
          value = keep ? 1 : 0;
        } else if (!keep) {
          continue;
        } else {
          value = vl;
        }
      } else {
        value = BinaryMath.apply(op, vl, vr);
      }
      Labels metric = m.include().isEmpty()
          ? derive(resultKey, s.labels, x -> resultLabels(x, o.labels, op, m))
          : resultLabels(s.labels, o.labels, op, m);
      if (returnBool) {
        metric = dropName(metric);
      }
      if (m.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
        if (matched.containsKey(sig)) {
          throw PromqlException.execution("multiple matches for labels: many-to-one matching "
              + "must be explicit (group_left/group_right)");
        }
        matched.put(sig, null);
      } else {
        Set<Labels> inserted = matched.computeIfAbsent(sig, k -> new HashSet<>());
        if (!inserted.add(metric)) {
          throw PromqlException.execution("multiple matches for labels: grouping labels "
              + "must ensure unique matches");
        }
      }
      out.add(new Sample(metric, t, value));
    }
    return checkUnique(out);
  }

  static Labels resultLabels(Labels many, Labels one, BinaryOp op, VectorMatching m) {
    Labels.Builder b = many.toBuilder();
    if (op.dropsMetricName()) {
      b.remove(Labels.METRIC_NAME);
    }
    if (m.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        Labels kept = b.build().keepOnly(m.matchingLabels());
        b = kept.toBuilder();
      } else {
        for (String n : m.matchingLabels()) {
          b.remove(n);
        }
      }
    }
    for (String n : m.include()) {
      String v = one.get(n);
      if (v != null) {
        b.set(n, v);
      } else {
        b.remove(n);
      }
    }
    return b.build();
  }

  // ---- whole-query entry points ------------------------------------------------------------

  static void checkRangeType(Expr e) {
    ValueType t = e.type();
    if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
      throw PromqlException.badData("invalid expression type \"" + t + "\" for range query, "
          + "must be Scalar or instant Vector");
    }
  }

  /** Growable primitive point arrays. */
  static final class PointsBuilder {
    long[] ts = new long[16];
    double[] vs = new double[16];
    int n;

    void add(long t, double v) {
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = t;
      vs[n++] = v;
    }
  }
}
