package io.bongsu.promql.ast;

/** Aggregation operators; some take a parameter before the vector. */
public enum AggregationOp {
  SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, COUNT_VALUES, QUANTILE;

  public String text() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean hasParam() {
    return this == TOPK || this == BOTTOMK || this == COUNT_VALUES || this == QUANTILE;
  }

  /** The type the parameter must have, or null when the operator takes none. */
  public ValueType paramType() {
    return switch (this) {
      case TOPK, BOTTOMK, QUANTILE -> ValueType.SCALAR;
      case COUNT_VALUES -> ValueType.STRING;
      default -> null;
    };
  }

  public static AggregationOp byName(String name) {
    for (AggregationOp op : values()) {
      if (op.text().equalsIgnoreCase(name)) {
        return op;
      }
    }
    return null;
  }
}
