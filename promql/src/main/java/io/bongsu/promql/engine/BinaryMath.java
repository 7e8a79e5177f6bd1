package io.bongsu.promql.engine;

import io.bongsu.promql.ast.BinaryOp;

/** Arithmetic and comparison on floats with Go's semantics (IEEE division, math.Mod, math.Pow). */
final class BinaryMath {
  private BinaryMath() {}

  static double apply(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r;
      case POW -> pow(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> compare(op, l, r) ? l : Double.NaN;
    };
  }

  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalArgumentException("not a comparison: " + op);
    };
  }

  /** Go's math.Pow differs from Java's where the base is ±1 and the exponent NaN or infinite. */
  static double pow(double x, double y) {
    if (x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }
}
