package io.bongsu.metrics.api.promql;

import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.Formatter;
import io.bongsu.promql.ast.VectorMatching;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus's format_query layout: an expression whose one-line form is longer than 100
 * bytes is split, each operand of a binary operator, the body of an aggregation, call or
 * parenthesis going on its own lines, indented two spaces a level. Shorter expressions stay on
 * one line as {@link Formatter} writes them.
 */
public final class QueryPrettifier {
  private static final int MAX_LINE = 100;
  private static final String INDENT = "  ";

  private QueryPrettifier() {}

  public static String prettify(Expr e) {
    return pretty(e, 0);
  }

  private static String pretty(Expr e, int level) {
    String oneLine = Formatter.format(e);
    if (!tooLong(oneLine)) {
      return indent(level) + oneLine;
    }
    if (e instanceof Expr.Binary b) {
      return pretty(b.lhs(), level + 1) + "\n" + indent(level) + b.op().text()
          + (b.returnBool() ? " bool" : "") + matching(b.matching()) + "\n"
          + pretty(b.rhs(), level + 1);
    }
    if (e instanceof Expr.Aggregation a) {
      StringBuilder sb = new StringBuilder(indent(level)).append(aggregationPrefix(a)).append("(\n");
      if (a.param() != null) {
        sb.append(pretty(a.param(), level + 1)).append(",\n");
      }
      return sb.append(pretty(a.expr(), level + 1)).append('\n').append(indent(level)).append(')')
          .toString();
    }
    if (e instanceof Expr.Call c) {
      StringBuilder sb = new StringBuilder(indent(level)).append(c.func().name()).append("(\n");
      for (int i = 0; i < c.args().size(); i++) {
        sb.append(pretty(c.args().get(i), level + 1)).append(i + 1 < c.args().size() ? ",\n" : "");
      }
      return sb.append('\n').append(indent(level)).append(')').toString();
    }
    if (e instanceof Expr.Paren p) {
      return indent(level) + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent(level) + ")";
    }
    if (e instanceof Expr.Subquery s) {
      // The time suffix ([range:step], @, offset) is what the one-line form adds to the inner one.
      String inner = Formatter.format(s.expr());
      return pretty(s.expr(), level) + oneLine.substring(inner.length());
    }
    if (e instanceof Expr.Unary u) {
      // The operator takes the indentation; the operand's own first-line indent is dropped.
      return indent(level) + (u.negate() ? "-" : "+") + pretty(u.expr(), level).strip();
    }
    // Selectors and literals never split.
    return indent(level) + oneLine;
  }

  private static boolean tooLong(String s) {
    // Go measures the line in bytes.
    return s.length() > MAX_LINE || s.getBytes(StandardCharsets.UTF_8).length > MAX_LINE;
  }

  private static String aggregationPrefix(Expr.Aggregation a) {
    String op = a.op().text();
    if (a.without()) {
      return op + " without (" + String.join(", ", a.grouping()) + ") ";
    }
    return a.grouping().isEmpty() ? op : op + " by (" + String.join(", ", a.grouping()) + ") ";
  }

  private static String matching(VectorMatching vm) {
    if (vm == null || (!vm.on() && vm.matchingLabels().isEmpty())) {
      return "";
    }
    String s = (vm.on() ? " on (" : " ignoring (") + String.join(", ", vm.matchingLabels()) + ")";
    if (vm.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
      s += " group_left (" + String.join(", ", vm.include()) + ")";
    } else if (vm.card() == VectorMatching.Cardinality.ONE_TO_MANY) {
      s += " group_right (" + String.join(", ", vm.include()) + ")";
    }
    return s;
  }

  private static String indent(int level) {
    return INDENT.repeat(level);
  }
}
