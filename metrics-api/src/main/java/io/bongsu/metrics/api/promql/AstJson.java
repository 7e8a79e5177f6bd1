package io.bongsu.metrics.api.promql;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.text.GoFloat;
import io.bongsu.metrics.api.json.JsonWriter;
import io.bongsu.promql.ast.AtModifier;
import io.bongsu.promql.ast.Expr;
import io.bongsu.promql.ast.ValueType;
import io.bongsu.promql.ast.VectorMatching;
import java.util.List;

/**
 * The syntax tree as JSON in the shape of Prometheus's {@code /api/v1/parse_query} (added after
 * 2.42, used by PromLens): one object per node with a {@code type} of aggregation, binaryExpr,
 * call, matrixSelector, subquery, numberLiteral, parenExpr, stringLiteral, unaryExpr or
 * vectorSelector. Keys are written in alphabetical order, as Go encodes its maps.
 */
public final class AstJson {
  private AstJson() {}

  public static void write(JsonWriter w, Expr e) {
    if (e instanceof Expr.Aggregation a) {
      w.beginObject().name("expr");
      write(w, a.expr());
      w.name("grouping");
      strings(w, a.grouping());
      w.field("op", a.op().text()).name("param");
      if (a.param() == null) {
        w.raw("null");
      } else {
        write(w, a.param());
      }
      w.field("type", "aggregation").name("without").value(a.without()).endObject();
    } else if (e instanceof Expr.Binary b) {
      w.beginObject().name("bool").value(b.returnBool()).name("lhs");
      write(w, b.lhs());
      w.name("matching");
      matching(w, b.matching());
      w.field("op", b.op().text()).name("rhs");
      write(w, b.rhs());
      w.field("type", "binaryExpr").endObject();
    } else if (e instanceof Expr.Call c) {
      w.beginObject().name("args").beginArray();
      for (Expr arg : c.args()) {
        write(w, arg);
      }
      w.endArray().name("func").beginObject().name("argTypes").beginArray();
      for (ValueType t : c.func().argTypes()) {
        w.value(typeName(t));
      }
      w.endArray().field("name", c.func().name())
          .field("returnType", typeName(c.func().returnType()))
          .name("variadic").value(c.func().optionalArgs()).endObject()
          .field("type", "call").endObject();
    } else if (e instanceof Expr.MatrixSelector m) {
      Expr.VectorSelector v = m.selector();
      w.beginObject().name("matchers");
      matchers(w, v);
      w.field("name", v.name() == null ? "" : v.name()).name("offset").value(v.offsetMillis())
          .name("range").value(m.rangeMillis());
      at(w, v.at());
      w.field("type", "matrixSelector").endObject();
    } else if (e instanceof Expr.Subquery s) {
      w.beginObject().name("expr");
      write(w, s.expr());
      w.name("offset").value(s.offsetMillis()).name("range").value(s.rangeMillis());
      at(w, s.at(), "step", s.stepMillis());
      w.field("type", "subquery").endObject();
    } else if (e instanceof Expr.NumberLiteral n) {
      w.beginObject().field("type", "numberLiteral").field("val", GoFloat.formatF(n.value()))
          .endObject();
    } else if (e instanceof Expr.Paren p) {
      w.beginObject().name("expr");
      write(w, p.expr());
      w.field("type", "parenExpr").endObject();
    } else if (e instanceof Expr.StringLiteral s) {
      w.beginObject().field("type", "stringLiteral").field("val", s.value()).endObject();
    } else if (e instanceof Expr.Unary u) {
      w.beginObject().name("expr");
      write(w, u.expr());
      w.field("op", u.negate() ? "-" : "+").field("type", "unaryExpr").endObject();
    } else if (e instanceof Expr.VectorSelector v) {
      w.beginObject().name("matchers");
      matchers(w, v);
      w.field("name", v.name() == null ? "" : v.name()).name("offset").value(v.offsetMillis());
      at(w, v.at());
      w.field("type", "vectorSelector").endObject();
    }
  }

  /** startOrEnd and timestamp, which sort after offset/range and before type. */
  private static void at(JsonWriter w, AtModifier at) {
    w.name("startOrEnd");
    startOrEnd(w, at);
    w.name("timestamp");
    timestamp(w, at);
  }

  /** For a subquery, "step" sorts between startOrEnd and timestamp. */
  private static void at(JsonWriter w, AtModifier at, String stepName, long step) {
    w.name("startOrEnd");
    startOrEnd(w, at);
    w.name(stepName).value(step).name("timestamp");
    timestamp(w, at);
  }

  private static void startOrEnd(JsonWriter w, AtModifier at) {
    if (at == null || at.kind() == AtModifier.Kind.TIMESTAMP) {
      w.raw("null");
    } else {
      w.value(at.kind() == AtModifier.Kind.START ? "start" : "end");
    }
  }

  private static void timestamp(JsonWriter w, AtModifier at) {
    if (at != null && at.kind() == AtModifier.Kind.TIMESTAMP) {
      w.value(at.timeMillis());
    } else {
      w.raw("null");
    }
  }

  private static void matching(JsonWriter w, VectorMatching vm) {
    if (vm == null) {
      w.raw("null");
      return;
    }
    w.beginObject().field("card", switch (vm.card()) {
      case ONE_TO_ONE -> "one-to-one";
      case MANY_TO_ONE -> "many-to-one";
      case ONE_TO_MANY -> "one-to-many";
      case MANY_TO_MANY -> "many-to-many";
    }).name("include");
    strings(w, vm.include());
    w.name("labels");
    strings(w, vm.matchingLabels());
    w.name("on").value(vm.on()).endObject();
  }

  /**
   * Prometheus appends the matcher implied by the metric name after the written ones; Bongsu's
   * parser puts it first, so it moves to the end here.
   */
  private static void matchers(JsonWriter w, Expr.VectorSelector v) {
    List<LabelMatcher> matchers = v.matchers();
    int first = v.name() != null && !matchers.isEmpty() ? 1 : 0;
    w.beginArray();
    for (int i = first; i < matchers.size(); i++) {
      matcher(w, matchers.get(i));
    }
    if (first == 1) {
      matcher(w, matchers.get(0));
    }
    w.endArray();
  }

  private static void matcher(JsonWriter w, LabelMatcher m) {
    w.beginObject().field("name", m.name()).field("type", m.type().symbol())
        .field("value", m.value()).endObject();
  }

  private static void strings(JsonWriter w, List<String> values) {
    w.beginArray();
    for (String v : values) {
      w.value(v);
    }
    w.endArray();
  }

  /** Prometheus's ValueType names, as its function table serialises them. */
  private static String typeName(ValueType t) {
    return switch (t) {
      case SCALAR -> "scalar";
      case VECTOR -> "vector";
      case MATRIX -> "matrix";
      case STRING -> "string";
    };
  }
}
