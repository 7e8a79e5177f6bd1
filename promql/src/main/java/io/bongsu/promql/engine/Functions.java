package io.bongsu.promql.engine;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.engine.Value.Mat;
import io.bongsu.promql.engine.Value.RangeSeries;
import io.bongsu.promql.engine.Value.Sample;
import io.bongsu.promql.engine.Value.Scalar;
import io.bongsu.promql.engine.Value.Vec;
import io.bongsu.promql.functions.BucketQuantile;
import io.bongsu.promql.functions.CivilTime;
import io.bongsu.promql.functions.InverseHyperbolic;
import io.bongsu.promql.functions.RangeFunctions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Every PromQL function on floats. */
final class Functions {
  private Functions() {}

  static Value call(Evaluator ev, Expr.Call c, long t) {
    String name = c.func().name();
    List<Expr> args = c.args();
    switch (name) {
      case "time":
        return new Scalar(t / 1000.0);
      case "pi":
        return new Scalar(Math.PI);
      case "vector":
        return new Vec(new ArrayList<>(List.of(new Sample(Labels.EMPTY, t, ev.evalScalar(args.get(0), t)))));
      case "scalar": {
        List<Sample> in = ev.evalVector(args.get(0), t).samples();
        return new Scalar(in.size() == 1 ? in.get(0).v : Double.NaN);
      }
      case "absent":
        return absent(ev.evalVector(args.get(0), t).samples().isEmpty(), args.get(0), t);
      case "absent_over_time":
        return absent(((Mat) ev.eval(args.get(0), t)).series().isEmpty(), args.get(0), t);
      case "timestamp":
        return timestamp(ev, args.get(0), t);
      case "sort":
      case "sort_desc":
        return sort(ev.evalVector(args.get(0), t), name.equals("sort_desc"));
      case "label_replace":
        return labelReplace(ev, c, t);
      case "label_join":
        return labelJoin(ev, c, t);
      case "histogram_count":
      case "histogram_sum":
      case "histogram_fraction":
        // These read native histogram samples only; float samples yield nothing.
        for (Expr arg : args) {
          ev.eval(arg, t);
        }
        return new Vec(new ArrayList<>());
      case "histogram_quantile":
        return histogramQuantile(ev.evalScalar(args.get(0), t), ev.evalVector(args.get(1), t), t);
      case "clamp":
        return clamp(ev, ev.evalVector(args.get(0), t), ev.evalScalar(args.get(1), t),
            ev.evalScalar(args.get(2), t), t);
      case "clamp_min":
        return clamp(ev, ev.evalVector(args.get(0), t), ev.evalScalar(args.get(1), t),
            Double.POSITIVE_INFINITY, t);
      case "clamp_max":
        return clamp(ev, ev.evalVector(args.get(0), t), Double.NEGATIVE_INFINITY,
            ev.evalScalar(args.get(1), t), t);
      case "round": {
        double to = args.size() > 1 ? ev.evalScalar(args.get(1), t) : 1;
        double inv = 1 / to;
        return map(ev, ev.evalVector(args.get(0), t), t, v -> Math.floor(v * inv + 0.5) / inv);
      }
      case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute",
          "month", "year": {
        Vec in = args.isEmpty()
            ? new Vec(List.of(new Sample(Labels.EMPTY, t, t / 1000.0)))
            : ev.evalVector(args.get(0), t);
        return map(ev, in, t, dateFunction(name));
      }
      default:
        break;
    }
    DoubleUnaryOperator math = mathFunction(name);
    if (math != null) {
      return map(ev, ev.evalVector(args.get(0), t), t, math);
    }
    return rangeFunction(ev, c, t);
  }

  private static Vec map(Evaluator ev, Vec in, long t, DoubleUnaryOperator f) {
    List<Sample> out = new ArrayList<>(in.samples().size());
    for (Sample s : in.samples()) {
      out.add(new Sample(ev.dropName(s.labels), t, f.applyAsDouble(s.v)));
    }
    return Evaluator.checkUnique(out);
  }

  static DoubleUnaryOperator mathFunction(String name) {
    return switch (name) {
      case "abs" -> Math::abs;
      case "ceil" -> Math::ceil;
      case "floor" -> Math::floor;
      case "exp" -> Math::exp;
      case "sqrt" -> Math::sqrt;
      case "ln" -> Math::log;
      case "log2" -> v -> Math.log(v) / Math.log(2);
      case "log10" -> Math::log10;
      case "sgn" -> v -> v > 0 ? 1 : v < 0 ? -1 : v;
      case "sin" -> Math::sin;
      case "cos" -> Math::cos;
      case "tan" -> Math::tan;
      case "asin" -> Math::asin;
      case "acos" -> Math::acos;
      case "atan" -> Math::atan;
      case "sinh" -> Math::sinh;
      case "cosh" -> Math::cosh;
      case "tanh" -> Math::tanh;
      case "asinh" -> InverseHyperbolic::asinh;
      case "acosh" -> InverseHyperbolic::acosh;
      case "atanh" -> InverseHyperbolic::atanh;
      case "deg" -> v -> v * 180 / Math.PI;
      case "rad" -> v -> v * Math.PI / 180;
      default -> null;
    };
  }

  private static DoubleUnaryOperator dateFunction(String name) {
    return v -> {
      CivilTime c = CivilTime.ofUnixSeconds(v);
      return switch (name) {
        case "day_of_month" -> c.dayOfMonth;
        case "day_of_week" -> c.dayOfWeek;
        case "day_of_year" -> c.dayOfYear;
        case "days_in_month" -> c.daysInMonth;
        case "hour" -> c.hour;
        case "minute" -> c.minute;
        case "month" -> c.month;
        default -> c.year;
      };
    };
  }

  /** One output sample with the labels of the argument's equality matchers, when it is empty. */
  private static Vec absent(boolean empty, Expr arg, long t) {
    List<Sample> out = new ArrayList<>(1);
    if (!empty) {
      return new Vec(out);
    }
    Expr a = Evaluator.unwrap(arg);
    List<LabelMatcher> matchers = List.of();
    if (a instanceof Expr.VectorSelector v) {
      matchers = v.matchers();
    } else if (a instanceof Expr.MatrixSelector m) {
      matchers = m.selector().matchers();
    }
    Labels.Builder b = new Labels.Builder();
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (m.type() == LabelMatcher.Type.EQ && !m.name().equals(Labels.METRIC_NAME)) {
        if (!seen.add(m.name())) {
          repeated.add(m.name());
        }
        b.set(m.name(), m.value());
      }
    }
    for (String r : repeated) {
      b.remove(r);
    }
    out.add(new Sample(b.build(), t, 1));
    return new Vec(out);
  }

  private static Vec timestamp(Evaluator ev, Expr arg, long t) {
    boolean raw = Evaluator.unwrap(arg) instanceof Expr.VectorSelector;
    List<Sample> out = new ArrayList<>();
    for (Sample s : ev.evalVector(arg, t).samples()) {
      out.add(new Sample(ev.dropName(s.labels), t, (raw ? s.t : t) / 1000.0));
    }
    return Evaluator.checkUnique(out);
  }

  private static Vec sort(Vec in, boolean desc) {
    List<Sample> out = new ArrayList<>(in.samples());
    Comparator<Sample> c = (x, y) -> {
      boolean xn = Double.isNaN(x.v);
      boolean yn = Double.isNaN(y.v);
      if (xn || yn) {
        return Boolean.compare(xn, yn);
      }
      return desc ? Double.compare(y.v, x.v) : Double.compare(x.v, y.v);
    };
    // NaN goes last both ways, as in Prometheus 2.x.
    out.sort(c);
    return new Vec(out);
  }

  private static Vec clamp(Evaluator ev, Vec in, double min, double max, long t) {
    List<Sample> out = new ArrayList<>(in.samples().size());
    if (max < min) {
      return new Vec(out);
    }
    for (Sample s : in.samples()) {
      out.add(new Sample(ev.dropName(s.labels), t, Math.max(min, Math.min(max, s.v))));
    }
    return Evaluator.checkUnique(out);
  }

  private static String str(Evaluator ev, Expr e, long t) {
    return ((Value.Str) ev.eval(e, t)).s();
  }

  private static Vec labelReplace(Evaluator ev, Expr.Call c, long t) {
    List<Expr> a = c.args();
    String dst = str(ev, a.get(1), t);
    String replacement = str(ev, a.get(2), t);
    String src = str(ev, a.get(3), t);
    String regex = str(ev, a.get(4), t);
    Pattern p;
    try {
      p = Pattern.compile("^(?:" + regex.replace("(?P<", "(?<") + ")$", Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      throw PromqlException.execution("invalid regular expression in label_replace(): " + regex);
    }
    if (!isValidLabelName(dst)) {
      throw PromqlException.execution("invalid destination label name in label_replace(): " + dst);
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : ev.evalVector(a.get(0), t).samples()) {
      Matcher m = p.matcher(s.labels.getOrEmpty(src));
      Labels labels = s.labels;
      if (m.matches()) {
        String value = expand(replacement, m);
        labels = s.labels.toBuilder().set(dst, value).build();
      }
      out.add(new Sample(labels, t, s.v));
    }
    return Evaluator.checkUnique(out);
  }

  /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; unknown groups are empty. */
  static String expand(String template, Matcher m) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char ch = template.charAt(i);
      if (ch != '$' || i + 1 >= template.length()) {
        sb.append(ch);
        i++;
        continue;
      }
      char n = template.charAt(i + 1);
      if (n == '$') {
        sb.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (n == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0 || close == i + 2 || !isGroupName(template.substring(i + 2, close))) {
          sb.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
      } else {
        end = i + 1;
        while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end))
            || template.charAt(end) == '_')) {
          end++;
        }
        if (end == i + 1) {
          sb.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 1, end);
      }
      sb.append(group(m, name));
      i = end;
    }
    return sb.toString();
  }

  private static boolean isGroupName(String s) {
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      if (!Character.isLetterOrDigit(ch) && ch != '_') {
        return false;
      }
    }
    return true;
  }

  private static String group(Matcher m, String name) {
    String v = null;
    try {
      if (name.chars().allMatch(Character::isDigit)) {
        int idx = Integer.parseInt(name);
        if (idx <= m.groupCount()) {
          v = m.group(idx);
        }
      } else {
        v = m.group(name);
      }
    } catch (IllegalArgumentException e) {
      v = null;
    }
    return v == null ? "" : v;
  }

  static boolean isValidLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'
          || (k > 0 && ch >= '0' && ch <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Vec labelJoin(Evaluator ev, Expr.Call c, long t) {
    List<Expr> a = c.args();
    String dst = str(ev, a.get(1), t);
    String sep = str(ev, a.get(2), t);
    List<String> srcs = new ArrayList<>();
    for (int k = 3; k < a.size(); k++) {
      String src = str(ev, a.get(k), t);
      if (!isValidLabelName(src)) {
        throw PromqlException.execution("invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (!isValidLabelName(dst)) {
      throw PromqlException.execution("invalid destination label name in label_join(): " + dst);
    }
    List<Sample> out = new ArrayList<>();
    for (Sample s : ev.evalVector(a.get(0), t).samples()) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < srcs.size(); k++) {
        if (k > 0) {
          sb.append(sep);
        }
        sb.append(s.labels.getOrEmpty(srcs.get(k)));
      }
      out.add(new Sample(s.labels.toBuilder().set(dst, sb.toString()).build(), t, s.v));
    }
    return Evaluator.checkUnique(out);
  }

  private static Vec histogramQuantile(double q, Vec in, long t) {
    Map<Labels, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample s : in.samples()) {
      String le = s.labels.get("le");
      if (le == null || parseLe(le) == null) {
        continue;
      }
      Labels key = s.labels.without(Labels.METRIC_NAME, "le");
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }
    List<Sample> out = new ArrayList<>(groups.size());
    for (Map.Entry<Labels, List<Sample>> g : groups.entrySet()) {
      List<Sample> b = g.getValue();
      double[] upper = new double[b.size()];
      double[] counts = new double[b.size()];
      for (int k = 0; k < upper.length; k++) {
        upper[k] = parseLe(b.get(k).labels.get("le"));
        counts[k] = b.get(k).v;
      }
      out.add(new Sample(g.getKey(), t, BucketQuantile.of(q, upper, counts, upper.length)));
    }
    return new Vec(out);
  }

  /** Go's strconv.ParseFloat as used on le values: decimal, exponent, ±Inf, NaN; else null. */
  static Double parseLe(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    String body = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
    double sign = l.startsWith("-") ? -1 : 1;
    if (body.equals("inf") || body.equals("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (body.equals("nan")) {
      return Double.NaN;
    }
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (s.isBlank() || s.chars().anyMatch(Character::isWhitespace) || "dDfF".indexOf(last) >= 0) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Functions over a range vector (a matrix selector or a subquery). */
  private static Vec rangeFunction(Evaluator ev, Expr.Call c, long t) {
    String name = c.func().name();
    List<Expr> args = c.args();
    int matrixArg = name.equals("quantile_over_time") ? 1 : 0;
    double p1 = 0;
    double p2 = 0;
    if (name.equals("quantile_over_time")) {
      p1 = ev.evalScalar(args.get(0), t);
    } else if (name.equals("predict_linear")) {
      p1 = ev.evalScalar(args.get(1), t);
    } else if (name.equals("holt_winters")) {
      p1 = ev.evalScalar(args.get(1), t);
      p2 = ev.evalScalar(args.get(2), t);
    }
    Expr marg = args.get(matrixArg);
    Mat m = (Mat) ev.eval(marg, t);
    if (name.equals("holt_winters") && !m.series().isEmpty()) {
      // Prometheus checks the factors per series, so without input there is no error.
      if (p1 <= 0 || p1 >= 1) {
        throw PromqlException.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: "
            + p1);
      }
      if (p2 <= 0 || p2 >= 1) {
        throw PromqlException.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + p2);
      }
    }
    long[] w = ev.window(marg, t);
    boolean keepName = name.equals("last_over_time");
    List<Sample> out = new ArrayList<>(m.series().size());
    double[] scratch = null;
    for (RangeSeries s : m.series()) {
      long[] ts = s.ts();
      double[] vs = s.vs();
      int from = s.from();
      int to = s.to();
      int n = to - from;
      double v;
      switch (name) {
        case "rate", "increase", "delta" -> {
          if (n < 2) {
            continue;
          }
          v = RangeFunctions.extrapolatedRate(ts, vs, from, to, w[0], w[1],
              !name.equals("delta"), name.equals("rate"));
        }
        case "irate", "idelta" -> {
          if (n < 2) {
            continue;
          }
          Double r = RangeFunctions.instantValue(ts, vs, from, to, name.equals("irate"));
          if (r == null) {
            continue;
          }
          v = r;
        }
        case "deriv" -> {
          if (n < 2) {
            continue;
          }
          v = RangeFunctions.linearRegression(ts, vs, from, to, ts[from])[0];
        }
        case "predict_linear" -> {
          if (n < 2) {
            continue;
          }
          double[] r = RangeFunctions.linearRegression(ts, vs, from, to, t);
          v = r[1] + r[0] * p1;
        }
        case "holt_winters" -> {
          if (n < 2) {
            continue;
          }
          v = RangeFunctions.holtWinters(vs, from, to, p1, p2);
        }
        case "avg_over_time" -> v = RangeFunctions.avg(vs, from, to);
        case "sum_over_time" -> v = RangeFunctions.sum(vs, from, to);
        case "min_over_time" -> v = RangeFunctions.extreme(vs, from, to, false);
        case "max_over_time" -> v = RangeFunctions.extreme(vs, from, to, true);
        case "count_over_time" -> v = n;
        case "last_over_time" -> v = vs[to - 1];
        case "present_over_time" -> v = 1;
        case "stdvar_over_time" -> v = RangeFunctions.variance(vs, from, to);
        case "stddev_over_time" -> v = Math.sqrt(RangeFunctions.variance(vs, from, to));
        case "changes" -> v = RangeFunctions.changes(vs, from, to);
        case "resets" -> v = RangeFunctions.resets(vs, from, to);
        case "quantile_over_time" -> {
          if (scratch == null || scratch.length < n) {
            scratch = new double[Math.max(n, 16)];
          }
          System.arraycopy(vs, from, scratch, 0, n);
          v = RangeFunctions.quantile(p1, scratch, n);
        }
        default -> throw new IllegalStateException("unknown function " + name);
      }
      Labels l = keepName ? s.labels()
          : s.nameless() != null ? s.nameless() : ev.dropName(s.labels());
      out.add(new Sample(l, t, v));
    }
    return m.namelessUnique() && !keepName ? new Vec(out) : Evaluator.checkUnique(out);
  }
}
