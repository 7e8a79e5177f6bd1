package io.bongsu.metrics.storage;

/**
 * Prometheus's staleness marker: a NaN with one exact bit pattern, written when a series or
 * target disappears, so queries stop returning it at once instead of after the lookback delta.
 */
public final class StaleMarker {
  public static final long BITS = 0x7ff0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleMarker() {}

  public static boolean is(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
