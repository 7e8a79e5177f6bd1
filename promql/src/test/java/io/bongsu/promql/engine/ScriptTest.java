package io.bongsu.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.storage.testing.MemoryStorage;
import io.bongsu.promql.PromqlException;
import io.bongsu.promql.QueryResult;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.parser.PromqlParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the scripts under {@code promql-scripts/}. A script is a sequence of commands:
 *
 * <pre>
 * load 1m                          # following lines: series, one sample per interval from 0
 *   metric{a="b"} 0+10x5 _ stale 3  # a+bxN, a-bxN, axN, _ (gap), _xN, stale, NaN, Inf
 * eval instant at 5m expr          # following lines: expected samples "labels value",
 *   {a="b"} 50                      # a bare number for a scalar, a quoted string for a string
 * eval_ordered instant at 5m expr  # as eval, but the sample order must match too
 * eval range from 0 to 10m step 1m expr   # expected lines: "labels v1 v2 ..." (series notation)
 * eval_fail instant at 0 expr      # optional next line: "error_type: substring of the message"
 * clear                            # forget loaded data
 * </pre>
 *
 * Loads apply to every eval until the next clear. Values match within 1e-6 relative, NaN = NaN.
 */
class ScriptTest {

  @TestFactory
  Stream<DynamicNode> scripts() throws IOException, URISyntaxException {
    URL dir = getClass().getClassLoader().getResource("promql-scripts");
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    List<DynamicNode> out = new ArrayList<>();
    for (Path f : files) {
      out.add(DynamicContainer.dynamicContainer(f.getFileName().toString(),
          parseScript(f.getFileName().toString(), Files.readString(f))));
    }
    return out.stream();
  }

  static List<DynamicNode> parseScript(String file, String text) {
    List<DynamicNode> tests = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    MemoryStorage storage = new MemoryStorage();
    int i = 0;
    while (i < lines.length) {
      String line = stripComment(lines[i]).strip();
      int lineNo = i + 1;
      i++;
      if (line.isEmpty()) {
        continue;
      }
      List<String> body = new ArrayList<>();
      while (i < lines.length && !lines[i].isEmpty() && Character.isWhitespace(lines[i].charAt(0))) {
        String b = stripComment(lines[i]).strip();
        if (!b.isEmpty()) {
          body.add(b);
        }
        i++;
      }
      if (line.equals("clear")) {
        storage = new MemoryStorage();
      } else if (line.startsWith("load ")) {
        load(storage, parseDuration(line.substring(5).strip()), body);
      } else if (line.startsWith("eval")) {
        MemoryStorage s = storage;
        String name = file + ":" + lineNo + " " + line;
        tests.add(DynamicTest.dynamicTest(name, () -> runEval(s, line, body)));
      } else {
        throw new IllegalArgumentException(file + ":" + lineNo + ": unknown command " + line);
      }
    }
    return tests;
  }

  private static String stripComment(String l) {
    return l.stripLeading().startsWith("#") ? "" : l;
  }

  static long parseDuration(String s) {
    if (s.matches("0+[a-z]*")) {
      return 0;
    }
    if (s.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(s) * 1000;
    }
    Expr e = PromqlParser.parse("x[" + s + "]");
    return ((Expr.MatrixSelector) e).rangeMillis();
  }

  private static void load(MemoryStorage storage, long interval, List<String> body) {
    Appender app = storage.appender();
    for (String line : body) {
      String[] split = splitLabels(line);
      Labels labels = parseLabels(split[0]);
      Double[] values = expand(split[1]);
      for (int k = 0; k < values.length; k++) {
        if (values[k] != null) {
          app.append(0, labels, k * interval, values[k]);
        }
      }
    }
    app.commit();
  }

  /** Splits "labels rest" where labels may contain quoted spaces. */
  static String[] splitLabels(String line) {
    int k = 0;
    boolean inQuote = false;
    int braces = 0;
    while (k < line.length()) {
      char c = line.charAt(k);
      if (inQuote) {
        if (c == '\\') {
          k++;
        } else if (c == '"') {
          inQuote = false;
        }
      } else if (c == '"') {
        inQuote = true;
      } else if (c == '{') {
        braces++;
      } else if (c == '}') {
        braces--;
      } else if (Character.isWhitespace(c) && braces == 0) {
        break;
      }
      k++;
    }
    return new String[] {line.substring(0, k), line.substring(k).strip()};
  }

  static Labels parseLabels(String s) {
    if (s.equals("{}")) {
      return Labels.EMPTY;
    }
    Expr.VectorSelector v = (Expr.VectorSelector) PromqlParser.parse(s);
    Labels.Builder b = new Labels.Builder();
    for (LabelMatcher m : v.matchers()) {
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  /** Series notation; null marks a missing sample. */
  static Double[] expand(String values) {
    List<Double> out = new ArrayList<>();
    for (String tok : values.split("\\s+")) {
      if (tok.isEmpty()) {
        continue;
      }
      if (tok.equals("_")) {
        out.add(null);
      } else if (tok.startsWith("_x")) {
        int n = Integer.parseInt(tok.substring(2));
        for (int k = 0; k < n; k++) {
          out.add(null);
        }
      } else if (tok.equals("stale")) {
        out.add(StaleMarker.VALUE);
      } else if (tok.contains("x")) {
        int x = tok.lastIndexOf('x');
        int n = Integer.parseInt(tok.substring(x + 1));
        String head = tok.substring(0, x);
        int op = Math.max(head.lastIndexOf('+'), head.lastIndexOf('-'));
        double start;
        double inc;
        if (op > 0 && head.charAt(op - 1) != 'e' && head.charAt(op - 1) != 'E') {
          start = number(head.substring(0, op));
          inc = number(head.substring(op + 1)) * (head.charAt(op) == '-' ? -1 : 1);
        } else {
          start = number(head);
          inc = 0;
        }
        for (int k = 0; k <= n; k++) {
          out.add(start + k * inc);
        }
      } else {
        out.add(number(tok));
      }
    }
    return out.toArray(new Double[0]);
  }

  private static double number(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static void runEval(MemoryStorage storage, String line, List<String> body) {
    PromqlEngine engine = new PromqlEngine(storage, EngineOptions.defaults());
    boolean ordered = line.startsWith("eval_ordered ");
    boolean failing = line.startsWith("eval_fail ");
    String rest = line.substring(line.indexOf(' ') + 1).strip();
    if (rest.startsWith("instant at ")) {
      rest = rest.substring("instant at ".length());
      int sp = rest.indexOf(' ');
      long at = parseDuration(rest.substring(0, sp));
      String query = rest.substring(sp + 1).strip();
      if (failing) {
        expectFailure(() -> engine.instant(query, at), body);
        return;
      }
      checkInstant(engine.instant(query, at), body, ordered, at);
    } else if (rest.startsWith("range from ")) {
      String[] p = rest.split("\\s+", 7);
      long from = parseDuration(p[2]);
      long to = parseDuration(p[4]);
      long step = parseDuration(p[6].substring(0, p[6].indexOf(' ')));
      String query = p[6].substring(p[6].indexOf(' ') + 1).strip();
      if (failing) {
        expectFailure(() -> engine.range(query, from, to, step), body);
        return;
      }
      checkRange(engine.range(query, from, to, step), body, from, step);
    } else {
      fail("bad eval line: " + line);
    }
  }

  private static void expectFailure(Runnable r, List<String> body) {
    var a = assertThatThrownBy(r::run).isInstanceOf(PromqlException.class);
    if (!body.isEmpty()) {
      String exp = body.get(0);
      int colon = exp.indexOf(':');
      String type = exp.substring(0, colon).strip();
      String msg = exp.substring(colon + 1).strip();
      a.satisfies(e -> {
        assertThat(((PromqlException) e).errorType()).isEqualTo(type);
        assertThat(e.getMessage()).contains(msg);
      });
    }
  }

  private static void checkInstant(QueryResult r, List<String> body, boolean ordered, long at) {
    if (r instanceof QueryResult.Scalar s) {
      assertThat(body).as("expected lines for scalar").hasSize(1);
      assertClose(s.value(), number(body.get(0)), "scalar");
      return;
    }
    if (r instanceof QueryResult.StringResult s) {
      assertThat(body).hasSize(1);
      assertThat('"' + s.value() + '"').isEqualTo(body.get(0));
      return;
    }
    if (r instanceof QueryResult.Matrix m) {
      Map<Labels, QueryResult.SeriesPoints> got = new HashMap<>();
      m.series().forEach(sp -> got.put(sp.labels(), sp));
      assertThat(got.keySet()).as("series").containsExactlyInAnyOrderElementsOf(
          body.stream().map(b -> parseLabels(splitLabels(b)[0])).toList());
      for (String b : body) {
        String[] split = splitLabels(b);
        QueryResult.SeriesPoints sp = got.get(parseLabels(split[0]));
        List<String> exp = List.of(split[1].split("\\s+"));
        assertThat(sp.values().length).as("points of " + split[0]).isEqualTo(exp.size());
        for (int k = 0; k < exp.size(); k++) {
          String[] tv = exp.get(k).split("@");
          assertClose(sp.values()[k], number(tv[0]), split[0]);
          assertThat(sp.timestampsMillis()[k]).isEqualTo(parseDuration(tv[1]));
        }
      }
      return;
    }
    List<QueryResult.Sample> samples = ((QueryResult.Vector) r).samples();
    List<String> gotText = samples.stream().map(s -> s.labels() + " " + s.value()).toList();
    assertThat(samples).as("samples, got " + gotText).hasSize(body.size());
    Map<Labels, Double> got = new HashMap<>();
    for (QueryResult.Sample s : samples) {
      assertThat(s.timestampMillis()).isEqualTo(at);
      got.put(s.labels(), s.value());
    }
    for (int k = 0; k < body.size(); k++) {
      String[] split = splitLabels(body.get(k));
      Labels l = parseLabels(split[0]);
      if (ordered) {
        assertThat(samples.get(k).labels()).as("order, got " + gotText).isEqualTo(l);
      }
      assertThat(got).as("got " + gotText).containsKey(l);
      assertClose(got.get(l), number(split[1]), split[0]);
    }
  }

  private static void checkRange(QueryResult.Matrix m, List<String> body, long from, long step) {
    Map<Labels, QueryResult.SeriesPoints> got = new HashMap<>();
    m.series().forEach(sp -> got.put(sp.labels(), sp));
    List<Labels> expLabels = body.stream().map(b -> parseLabels(splitLabels(b)[0])).toList();
    assertThat(got.keySet()).as("series").containsExactlyInAnyOrderElementsOf(expLabels);
    for (int k = 1; k < m.series().size(); k++) {
      assertThat(m.series().get(k - 1).labels()).isLessThan(m.series().get(k).labels());
    }
    for (String b : body) {
      String[] split = splitLabels(b);
      QueryResult.SeriesPoints sp = got.get(parseLabels(split[0]));
      Double[] exp = expand(split[1]);
      int p = 0;
      for (int k = 0; k < exp.length; k++) {
        if (exp[k] == null) {
          continue;
        }
        assertThat(p).as("points of " + split[0]).isLessThan(sp.values().length);
        assertThat(sp.timestampsMillis()[p]).as("timestamp of point " + k + " of " + split[0])
            .isEqualTo(from + k * step);
        assertClose(sp.values()[p], exp[k], split[0] + " at step " + k);
        p++;
      }
      assertThat(sp.values().length).as("points of " + split[0]).isEqualTo(p);
    }
  }

  static void assertClose(double got, double exp, String what) {
    if (Double.isNaN(exp)) {
      assertThat(got).as(what).isNaN();
    } else if (Double.isInfinite(exp) || exp == 0) {
      assertThat(got).as(what).isEqualTo(exp);
    } else {
      assertThat(Math.abs(got - exp) / Math.abs(exp)).as(what + ": got " + got + ", want " + exp)
          .isLessThanOrEqualTo(1e-6);
    }
  }
}
