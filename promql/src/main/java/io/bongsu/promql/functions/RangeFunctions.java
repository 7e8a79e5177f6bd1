package io.bongsu.promql.functions;

import java.util.Arrays;

/**
 * The numeric cores of PromQL's range-vector functions, over points ts[from..to) and
 * vs[from..to) of shared primitive arrays (timestamps in ms). Callers ensure enough points.
 */
public final class RangeFunctions {
  private RangeFunctions() {}

  /**
   * rate/increase/delta: the change over the window, corrected for counter resets, and
   * extrapolated towards the window's edges (at most half an average interval beyond the
   * first/last sample when they lie far from the edge, never below zero for counters).
   * Needs at least two points.
   */
  public static double extrapolatedRate(long[] ts, double[] vs, int from, int to,
      long rangeStart, long rangeEnd, boolean isCounter, boolean isRate) {
    int last = to - 1;
    double result = vs[last] - vs[from];
    if (isCounter) {
      double prev = 0;
      for (int k = from; k < to; k++) {
        if (vs[k] < prev) {
          result += prev;
        }
        prev = vs[k];
      }
    }
    double durationToStart = (ts[from] - rangeStart) / 1000.0;
    double durationToEnd = (rangeEnd - ts[last]) / 1000.0;
    double sampledInterval = (ts[last] - ts[from]) / 1000.0;
    double averageInterval = sampledInterval / (to - from - 1);
    if (isCounter && result > 0 && vs[from] >= 0) {
      double durationToZero = sampledInterval * (vs[from] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    double threshold = averageInterval * 1.1;
    double extrapolateTo = sampledInterval;
    extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
    extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
    // One combined factor, in this order, so results match Prometheus to the last bit.
    double factor = extrapolateTo / sampledInterval;
    if (isRate) {
      factor /= (rangeEnd - rangeStart) / 1000.0;
    }
    return result * factor;
  }

  /** irate/idelta from the last two points; NaN-free "no result" is signalled by null. */
  public static Double instantValue(long[] ts, double[] vs, int from, int to, boolean isRate) {
    double lastV = vs[to - 1];
    double prevV = vs[to - 2];
    double result = isRate && lastV < prevV ? lastV : lastV - prevV;
    long interval = ts[to - 1] - ts[to - 2];
    if (interval == 0) {
      return null;
    }
    if (isRate) {
      result /= interval / 1000.0;
    }
    return result;
  }

  /** Least-squares fit of value over seconds since interceptTime: {slope, intercept}. */
  public static double[] linearRegression(long[] ts, double[] vs, int from, int to,
      long interceptTime) {
    double n = 0;
    Kahan sx = new Kahan();
    Kahan sy = new Kahan();
    Kahan sxy = new Kahan();
    Kahan sx2 = new Kahan();
    double initY = vs[from];
    boolean constY = true;
    for (int k = from; k < to; k++) {
      double y = vs[k];
      if (constY && k > from && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (ts[k] - interceptTime) / 1e3;
      sx.add(x);
      sy.add(y);
      sxy.add(x * y);
      sx2.add(x * x);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    double sumX = sx.sum + sx.c;
    double sumY = sy.sum + sy.c;
    double sumXY = sxy.sum + sxy.c;
    double sumX2 = sx2.sum + sx2.c;
    double covXY = sumXY - sumX * sumY / n;
    double varX = sumX2 - sumX * sumX / n;
    double slope = covXY / varX;
    double intercept = sumY / n - slope * sumX / n;
    return new double[] {slope, intercept};
  }

  /** Double exponential smoothing; needs at least two points. */
  public static double holtWinters(double[] vs, int from, int to, double sf, double tf) {
    double s0 = 0;
    double s1 = vs[from];
    double b = vs[from + 1] - vs[from];
    for (int k = from + 1; k < to; k++) {
      double x = sf * vs[k];
      if (k - from - 1 != 0) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }

  public static double avg(double[] vs, int from, int to) {
    Kahan mean = new Kahan();
    double count = 0;
    for (int k = from; k < to; k++) {
      double v = vs[k];
      count++;
      if (Double.isInfinite(mean.sum)) {
        if (Double.isInfinite(v) && (mean.sum > 0) == (v > 0)) {
          continue;
        }
        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
          continue;
        }
      }
      mean.add(v / count - mean.sum / count);
    }
    return mean.value();
  }

  public static double sum(double[] vs, int from, int to) {
    Kahan sum = new Kahan();
    for (int k = from; k < to; k++) {
      sum.add(vs[k]);
    }
    return sum.value();
  }

  /** max (or min) where NaN only wins when every value is NaN. */
  public static double extreme(double[] vs, int from, int to, boolean max) {
    double m = vs[from];
    for (int k = from + 1; k < to; k++) {
      double v = vs[k];
      if ((max ? v > m : v < m) || Double.isNaN(m)) {
        m = v;
      }
    }
    return m;
  }

  /** Population variance by Welford's method with compensated sums. */
  public static double variance(double[] vs, int from, int to) {
    double count = 0;
    Kahan mean = new Kahan();
    Kahan aux = new Kahan();
    for (int k = from; k < to; k++) {
      double v = vs[k];
      count++;
      double delta = v - (mean.sum + mean.c);
      mean.addUnguarded(delta / count);
      aux.addUnguarded(delta * (v - (mean.sum + mean.c)));
    }
    return (aux.sum + aux.c) / count;
  }

  public static int changes(double[] vs, int from, int to) {
    int changes = 0;
    double prev = vs[from];
    for (int k = from + 1; k < to; k++) {
      double cur = vs[k];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    return changes;
  }

  public static int resets(double[] vs, int from, int to) {
    int resets = 0;
    double prev = vs[from];
    for (int k = from + 1; k < to; k++) {
      double cur = vs[k];
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    return resets;
  }

  /**
   * The φ-quantile by linear interpolation between the closest ranks, sorting
   * values[0..n) in place (NaN first, as Prometheus orders them).
   */
  public static double quantile(double q, double[] values, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    sortNanFirst(values, n);
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  private static void sortNanFirst(double[] values, int n) {
    Arrays.sort(values, 0, n);
    int nans = 0;
    for (int k = n - 1; k >= 0 && Double.isNaN(values[k]); k--) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }
}
