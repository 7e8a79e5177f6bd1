package io.bongsu.promql.ast;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.common.text.GoFloat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Renders expressions as canonical single-line PromQL, the way Prometheus prints its AST. */
public final class Formatter {
  private Formatter() {}

  public static String format(Expr e) {
    StringBuilder sb = new StringBuilder();
    write(e, sb);
    return sb.toString();
  }

  private static final int MAX_LINE = 100;
  private static final String INDENT = "  ";

  /**
   * Prometheus's format_query layout: an expression whose one-line form is longer than 100
   * bytes is split, each operand of a binary operator, the body of an aggregation, call or
   * parenthesis going on its own lines, indented two spaces a level. Shorter expressions stay
   * on one line as {@link #format} writes them.
   */
  public static String pretty(Expr e) {
    return pretty(e, 0);
  }

  private static String pretty(Expr e, int level) {
    String oneLine = format(e);
    if (!tooLong(oneLine)) {
      return indent(level) + oneLine;
    }
    if (e instanceof Expr.Binary b) {
      return pretty(b.lhs(), level + 1) + "\n" + indent(level) + b.op().text()
          + (b.returnBool() ? " bool" : "") + matching(b.matching()) + "\n"
          + pretty(b.rhs(), level + 1);
    }
    if (e instanceof Expr.Aggregation a) {
      StringBuilder sb = new StringBuilder(indent(level)).append(aggregationPrefix(a))
          .append("(\n");
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
      String inner = format(s.expr());
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

  private static void write(Expr e, StringBuilder sb) {
    if (e instanceof Expr.NumberLiteral n) {
      GoFloat.appendG(sb, n.value());
    } else if (e instanceof Expr.StringLiteral s) {
      quote(s.value(), sb);
    } else if (e instanceof Expr.VectorSelector v) {
        writeSelector(v, sb);
        writeModifiers(v.at(), v.offsetMillis(), sb);
    } else if (e instanceof Expr.MatrixSelector m) {
        writeSelector(m.selector(), sb);
        sb.append('[').append(formatDuration(m.rangeMillis())).append(']');
        writeModifiers(m.selector().at(), m.selector().offsetMillis(), sb);
    } else if (e instanceof Expr.Subquery s) {
        write(s.expr(), sb);
        sb.append('[').append(formatDuration(s.rangeMillis())).append(':');
        if (s.stepMillis() != 0) {
          sb.append(formatDuration(s.stepMillis()));
        }
        sb.append(']');
        writeModifiers(s.at(), s.offsetMillis(), sb);
    } else if (e instanceof Expr.Paren p) {
        sb.append('(');
        write(p.expr(), sb);
        sb.append(')');
    } else if (e instanceof Expr.Unary u) {
        sb.append(u.negate() ? '-' : '+');
        write(u.expr(), sb);
    } else if (e instanceof Expr.Binary b) {
        write(b.lhs(), sb);
        sb.append(' ').append(b.op().text());
        if (b.returnBool()) {
          sb.append(" bool");
        }
        VectorMatching vm = b.matching();
        if (vm != null && (vm.on() || !vm.matchingLabels().isEmpty())) {
          sb.append(vm.on() ? " on (" : " ignoring (")
              .append(String.join(", ", vm.matchingLabels())).append(')');
          if (vm.card() == VectorMatching.Cardinality.MANY_TO_ONE
              || vm.card() == VectorMatching.Cardinality.ONE_TO_MANY) {
            sb.append(vm.card() == VectorMatching.Cardinality.MANY_TO_ONE
                ? " group_left (" : " group_right (")
                .append(String.join(", ", vm.include())).append(')');
          }
        }
        sb.append(' ');
        write(b.rhs(), sb);
    } else if (e instanceof Expr.Aggregation a) {
        sb.append(a.op().text());
        if (a.without()) {
          sb.append(" without (").append(String.join(", ", a.grouping())).append(") ");
        } else if (!a.grouping().isEmpty()) {
          sb.append(" by (").append(String.join(", ", a.grouping())).append(") ");
        }
        sb.append('(');
        if (a.param() != null) {
          write(a.param(), sb);
          sb.append(", ");
        }
        write(a.expr(), sb);
        sb.append(')');
    } else if (e instanceof Expr.Call c) {
        sb.append(c.func().name()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          write(c.args().get(i), sb);
        }
        sb.append(')');
    }
  }

  private static void writeSelector(Expr.VectorSelector v, StringBuilder sb) {
    List<String> parts = new ArrayList<>();
    for (LabelMatcher m : v.matchers()) {
      if (v.name() != null && m.name().equals(Labels.METRIC_NAME)
          && m.type() == LabelMatcher.Type.EQ && m.value().equals(v.name())) {
        continue;
      }
      StringBuilder p = new StringBuilder(m.name()).append(m.type().symbol());
      quote(m.value(), p);
      parts.add(p.toString());
    }
    if (v.name() != null) {
      sb.append(v.name());
    }
    if (!parts.isEmpty() || v.name() == null) {
      parts.sort(null);
      sb.append('{').append(String.join(",", parts)).append('}');
    }
  }

  private static void writeModifiers(AtModifier at, long offset, StringBuilder sb) {
    if (at != null) {
      switch (at.kind()) {
        case START -> sb.append(" @ start()");
        case END -> sb.append(" @ end()");
        case TIMESTAMP -> sb.append(" @ ")
            .append(BigDecimal.valueOf(at.timeMillis()).movePointLeft(3).setScale(3).toPlainString());
      }
    }
    if (offset > 0) {
      sb.append(" offset ").append(formatDuration(offset));
    } else if (offset < 0) {
      sb.append(" offset -").append(formatDuration(-offset));
    }
  }

  /** Prometheus's model.Duration text: units from years down to milliseconds, e.g. 1h30m. */
  public static String formatDuration(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long[] sizes = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }

  /** Go's %q: double quotes with backslash escapes for quotes and control characters. */
  public static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\u0007' -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\u000b' -> sb.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
