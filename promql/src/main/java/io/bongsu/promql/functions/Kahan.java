package io.bongsu.promql.functions;

/** A Kahan-Babuska compensated sum, as Prometheus sums floats; one per accumulation. */
final class Kahan {
  double sum;
  double c;

  void add(double inc) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  /**
   * Adds without resetting the compensation at infinity, as Prometheus 2.42's stddev_over_time
   * and stdvar_over_time do: there an overflowing partial sum turns the result into NaN.
   */
  void addUnguarded(double inc) {
    double t = sum + inc;
    if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  double value() {
    return Double.isInfinite(sum) ? sum : sum + c;
  }
}
