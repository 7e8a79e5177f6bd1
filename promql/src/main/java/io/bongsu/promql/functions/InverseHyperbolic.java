package io.bongsu.promql.functions;

/**
 * asinh, acosh and atanh with the case split of the classic fdlibm algorithms that Go's math
 * package (and so Prometheus) uses: the textbook log formulas overflow for large arguments and
 * lose tiny ones, where these switch to log(x) + ln 2 and to the identity.
 */
public final class InverseHyperbolic {
  private static final double LN2 = 0.6931471805599453;
  private static final double NEAR_ZERO = 0x1p-28;
  private static final double LARGE = 0x1p28;

  private InverseHyperbolic() {}

  public static double asinh(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    double a = Math.abs(x);
    double r;
    if (a > LARGE) {
      r = Math.log(a) + LN2;
    } else if (a > 2) {
      r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
    } else if (a < NEAR_ZERO) {
      r = a;
    } else {
      r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    }
    return x < 0 ? -r : r;
  }

  public static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= LARGE) {
      return Math.log(x) + LN2;
    }
    if (x > 2) {
      return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  public static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1 || x == -1) {
      return x * Double.POSITIVE_INFINITY;
    }
    double a = Math.abs(x);
    double r;
    if (a < NEAR_ZERO) {
      r = a;
    } else if (a < 0.5) {
      double twice = a + a;
      r = 0.5 * Math.log1p(twice + twice * a / (1 - a));
    } else {
      r = 0.5 * Math.log1p((a + a) / (1 - a));
    }
    return x < 0 ? -r : r;
  }
}
