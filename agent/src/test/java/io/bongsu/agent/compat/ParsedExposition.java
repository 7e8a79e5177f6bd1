package io.bongsu.agent.compat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A deliberately small reader of text format 0.0.4, enough to compare two exporters in tests. */
final class ParsedExposition {
  record Series(String name, Map<String, String> labels, double value) {}

  final Map<String, String> types = new LinkedHashMap<>();
  final Map<String, String> helps = new LinkedHashMap<>();
  final List<Series> series = new ArrayList<>();

  static ParsedExposition parse(String text) {
    ParsedExposition p = new ParsedExposition();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] f = line.split(" ", 4);
        p.types.put(f[2], f[3]);
      } else if (line.startsWith("# HELP ")) {
        String[] f = line.split(" ", 4);
        p.helps.put(f[2], f.length > 3 ? f[3] : "");
      } else if (!line.isBlank() && !line.startsWith("#")) {
        p.series.add(parseSample(line));
      }
    }
    return p;
  }

  private static Series parseSample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String ln = line.substring(i, eq);
        StringBuilder v = new StringBuilder();
        int j = eq + 2;
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char n = line.charAt(++j);
            v.append(n == 'n' ? '\n' : n);
          } else {
            v.append(c);
          }
          j++;
        }
        labels.put(ln, v.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = i + 1;
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] f = line.substring(rest).trim().split(" ");
    return new Series(name, labels, parseValue(f[0]));
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** Label names used by a family's samples. */
  TreeSet<String> labelNames(String family) {
    TreeSet<String> names = new TreeSet<>();
    for (Series s : series) {
      if (s.name.equals(family)) {
        names.addAll(s.labels.keySet());
      }
    }
    return names;
  }

  Double value(String name, Map<String, String> labels) {
    for (Series s : series) {
      if (s.name.equals(name) && s.labels.equals(labels)) {
        return s.value;
      }
    }
    return null;
  }

  List<Series> samples(String name) {
    return series.stream().filter(s -> s.name.equals(name)).toList();
  }
}
