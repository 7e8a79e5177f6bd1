package io.bongsu.promql.ast;

import io.bongsu.common.labels.LabelMatcher;
import java.util.List;

/**
 * A parsed PromQL expression. {@link #toString()} renders canonical PromQL text, as
 * Prometheus's format_query does for expressions that fit on one line.
 */
public sealed interface Expr {
  ValueType type();

  record NumberLiteral(double value) implements Expr {
    public ValueType type() {
      return ValueType.SCALAR;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  record StringLiteral(String value) implements Expr {
    public ValueType type() {
      return ValueType.STRING;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  /**
   * An instant vector selector. {@code name} is the metric name written before the braces (or
   * null); {@code matchers} holds every matcher, the name as a {@code __name__} matcher included.
   */
  record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMillis,
      AtModifier at) implements Expr {
    public ValueType type() {
      return ValueType.VECTOR;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
    public ValueType type() {
      return ValueType.MATRIX;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  /** {@code expr[range:step]}; a step of 0 means the engine's default. */
  record Subquery(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, AtModifier at)
      implements Expr {
    public ValueType type() {
      return ValueType.MATRIX;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  record Paren(Expr expr) implements Expr {
    public ValueType type() {
      return expr.type();
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  /** Unary minus or plus. */
  record Unary(boolean negate, Expr expr) implements Expr {
    public ValueType type() {
      return expr.type();
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  /** {@code matching} is null when either side is a scalar. */
  record Binary(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching)
      implements Expr {
    public ValueType type() {
      return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
          ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  /** {@code param} is null unless the operator takes one. */
  record Aggregation(AggregationOp op, Expr expr, Expr param, List<String> grouping,
      boolean without) implements Expr {
    public ValueType type() {
      return ValueType.VECTOR;
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }

  record Call(FunctionDef func, List<Expr> args) implements Expr {
    public ValueType type() {
      return func.returnType();
    }

    @Override
    public String toString() {
      return Formatter.format(this);
    }
  }
}
