package io.bongsu.promql.ast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signature of a PromQL function. {@code optionalArgs} counts trailing arguments that may be
 * left out; -1 means the last argument type repeats without limit.
 */
public record FunctionDef(String name, List<ValueType> argTypes, int optionalArgs,
    ValueType returnType) {

  private static final Map<String, FunctionDef> ALL = new HashMap<>();

  private static void def(String name, ValueType ret, int optional, ValueType... args) {
    ALL.put(name, new FunctionDef(name, List.of(args), optional, ret));
  }

  static {
    ValueType s = ValueType.SCALAR;
    ValueType v = ValueType.VECTOR;
    ValueType m = ValueType.MATRIX;
    ValueType str = ValueType.STRING;
    for (String n : List.of("abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn",
        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
        "atanh", "deg", "rad", "absent", "sort", "sort_desc", "timestamp")) {
      def(n, v, 0, v);
    }
    for (String n : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
        "minute", "month", "year")) {
      def(n, v, 1, v);
    }
    for (String n : List.of("absent_over_time", "changes", "delta", "deriv", "idelta", "increase",
        "irate", "rate", "resets", "avg_over_time", "min_over_time", "max_over_time",
        "sum_over_time", "count_over_time", "stddev_over_time", "stdvar_over_time",
        "last_over_time", "present_over_time")) {
      def(n, v, 0, m);
    }
    def("quantile_over_time", v, 0, s, m);
    def("predict_linear", v, 0, m, s);
    def("holt_winters", v, 0, m, s, s);
    def("clamp", v, 0, v, s, s);
    def("clamp_max", v, 0, v, s);
    def("clamp_min", v, 0, v, s);
    def("round", v, 1, v, s);
    def("histogram_quantile", v, 0, s, v);
    def("histogram_count", v, 0, v);
    def("histogram_sum", v, 0, v);
    def("histogram_fraction", v, 0, s, s, v);
    def("label_replace", v, 0, v, str, str, str, str);
    def("label_join", v, -1, v, str, str, str);
    def("scalar", s, 0, v);
    def("vector", v, 0, s);
    def("time", s, 0);
    def("pi", s, 0);
  }

  /** The function with this name, or null. */
  public static FunctionDef byName(String name) {
    return ALL.get(name);
  }
}
