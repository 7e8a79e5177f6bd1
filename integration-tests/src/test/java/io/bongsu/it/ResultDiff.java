package io.bongsu.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two Prometheus API query responses: status, errorType, resultType, label sets and
 * values (1e-6 relative, NaN equal to NaN, timestamps exactly). Vectors and matrices compare as
 * sets of series unless the caller says the order is defined.
 */
final class ResultDiff {
  static final double RELATIVE_TOLERANCE = 1e-6;

  private ResultDiff() {}

  /** Null when equal, else a short description of the first difference. */
  static String diff(JsonNode expected, JsonNode actual, boolean ordered) {
    String status = expected.path("status").asText();
    if (!status.equals(actual.path("status").asText())) {
      return "status " + status + " (" + shorten(expected.path("error").asText()) + ") vs "
          + actual.path("status").asText() + " (" + shorten(actual.path("error").asText()) + ")";
    }
    if (!status.equals("success")) {
      String et = expected.path("errorType").asText();
      String at = actual.path("errorType").asText();
      return et.equals(at) ? null : "errorType " + et + " vs " + at + " (" + shorten(actual.path("error").asText()) + ")";
    }
    JsonNode e = expected.path("data");
    JsonNode a = actual.path("data");
    String type = e.path("resultType").asText();
    if (!type.equals(a.path("resultType").asText())) {
      return "resultType " + type + " vs " + a.path("resultType").asText();
    }
    JsonNode er = e.path("result");
    JsonNode ar = a.path("result");
    return switch (type) {
      case "scalar", "string" -> point(er, ar);
      case "vector" -> series(er, ar, "value", ordered);
      case "matrix" -> series(er, ar, "values", false);
      default -> "unknown resultType " + type;
    };
  }

  private static String series(JsonNode expected, JsonNode actual, String field, boolean ordered) {
    if (expected.size() != actual.size()) {
      return expected.size() + " series vs " + actual.size() + missingOrExtra(expected, actual);
    }
    if (ordered) {
      // Ties may come in any order, so the order is checked on the values alone.
      for (int i = 0; i < expected.size(); i++) {
        String d = value(expected.get(i).path(field).path(1), actual.get(i).path(field).path(1));
        if (d != null) {
          return "order differs at #" + i + ": " + d;
        }
      }
    }
    Map<String, JsonNode> byLabels = new HashMap<>();
    for (JsonNode s : actual) {
      if (byLabels.put(labels(s), s) != null) {
        return "duplicate series " + labels(s);
      }
    }
    for (JsonNode s : expected) {
      String key = labels(s);
      JsonNode other = byLabels.get(key);
      if (other == null) {
        return "series sets differ" + missingOrExtra(expected, actual);
      }
      String d = field.equals("value") ? point(s.path(field), other.path(field))
          : points(s.path(field), other.path(field));
      if (d != null) {
        return key + ": " + d;
      }
    }
    return null;
  }

  private static String points(JsonNode expected, JsonNode actual) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      String d = point(expected.get(i), actual.get(i));
      if (d != null) {
        return "point #" + i + ": " + d;
      }
    }
    if (expected.size() != actual.size()) {
      return expected.size() + " points vs " + actual.size() + " (first extra at "
          + (expected.size() > n ? expected.get(n) : actual.get(n)) + ")";
    }
    return null;
  }

  /** A [time, "value"] pair. */
  private static String point(JsonNode expected, JsonNode actual) {
    if (expected.path(0).asDouble() != actual.path(0).asDouble()) {
      return "time " + expected.path(0) + " vs " + actual.path(0);
    }
    return value(expected.path(1), actual.path(1));
  }

  private static String value(JsonNode expected, JsonNode actual) {
    String e = expected.asText();
    String a = actual.asText();
    if (e.equals(a)) {
      return null;
    }
    double ev;
    double av;
    try {
      ev = Double.parseDouble(goToJava(e));
      av = Double.parseDouble(goToJava(a));
    } catch (NumberFormatException ex) {
      return e + " vs " + a;
    }
    return close(ev, av) ? null : e + " vs " + a;
  }

  static boolean close(double e, double a) {
    if (Double.isNaN(e) || Double.isNaN(a)) {
      return Double.isNaN(e) && Double.isNaN(a);
    }
    if (Double.isInfinite(e) || Double.isInfinite(a)) {
      return e == a;
    }
    if (e == a) {
      return true;
    }
    return Math.abs(e - a) <= RELATIVE_TOLERANCE * Math.max(Math.abs(e), Math.abs(a));
  }

  private static String goToJava(String v) {
    return switch (v) {
      case "+Inf" -> "Infinity";
      case "-Inf" -> "-Infinity";
      default -> v;
    };
  }

  /** The label set in a canonical text form: JSON object keys sorted. */
  static String labels(JsonNode series) {
    TreeMap<String, String> sorted = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = series.path("metric").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      sorted.put(e.getKey(), e.getValue().asText());
    }
    return sorted.toString();
  }

  private static String missingOrExtra(JsonNode expected, JsonNode actual) {
    List<String> e = new ArrayList<>();
    expected.forEach(s -> e.add(labels(s)));
    List<String> a = new ArrayList<>();
    actual.forEach(s -> a.add(labels(s)));
    List<String> missing = new ArrayList<>(e);
    missing.removeAll(a);
    List<String> extra = new ArrayList<>(a);
    extra.removeAll(e);
    StringBuilder sb = new StringBuilder();
    if (!missing.isEmpty()) {
      sb.append("; missing ").append(missing.size()).append(" e.g. ").append(missing.get(0));
    }
    if (!extra.isEmpty()) {
      sb.append("; extra ").append(extra.size()).append(" e.g. ").append(extra.get(0));
    }
    return sb.toString();
  }

  private static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
