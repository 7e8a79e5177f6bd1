package io.bongsu.promql.functions;

import java.util.Arrays;

/**
 * histogram_quantile over classic cumulative {@code le} buckets: linear interpolation inside
 * the bucket holding the rank, the lowest bucket starting at 0 (unless its bound is &lt;= 0),
 * and the +Inf bucket answering with the highest finite bound.
 */
public final class BucketQuantile {
  private BucketQuantile() {}

  /** Sorts and uses upper[0..n) with counts[0..n) in place. */
  public static double of(double q, double[] upper, double[] counts, int n) {
    sortByBound(upper, counts, n);
    return ofSorted(q, upper, counts, n);
  }

  /**
   * The same over buckets already in bound order (equal bounds in input order, as the stable
   * sort of {@link #of} leaves them); uses upper[0..n) and counts[0..n) in place.
   */
  public static double ofSorted(double q, double[] upper, double[] counts, int n) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (n == 0 || upper[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    n = coalesce(upper, counts, n);
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      if (counts[k] > max) {
        max = counts[k];
      } else if (counts[k] < max) {
        counts[k] = max;
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    double observations = counts[n - 1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    while (b < n - 1 && !(counts[b] >= rank)) {
      b++;
    }
    if (b == n - 1) {
      return upper[n - 2];
    }
    if (b == 0 && upper[0] <= 0) {
      return upper[0];
    }
    double bucketStart = 0;
    double bucketEnd = upper[b];
    double count = counts[b];
    if (b > 0) {
      bucketStart = upper[b - 1];
      count -= counts[b - 1];
      rank -= counts[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  private static void sortByBound(double[] upper, double[] counts, int n) {
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(upper[a], upper[b]));
    double[] u = Arrays.copyOf(upper, n);
    double[] c = Arrays.copyOf(counts, n);
    for (int k = 0; k < n; k++) {
      upper[k] = u[order[k]];
      counts[k] = c[order[k]];
    }
  }

  /** Merges buckets with equal bounds by adding their counts; returns the new length. */
  private static int coalesce(double[] upper, double[] counts, int n) {
    int w = 0;
    for (int k = 0; k < n; k++) {
      if (w > 0 && upper[w - 1] == upper[k]) {
        counts[w - 1] += counts[k];
      } else {
        upper[w] = upper[k];
        counts[w] = counts[k];
        w++;
      }
    }
    return w;
  }
}
