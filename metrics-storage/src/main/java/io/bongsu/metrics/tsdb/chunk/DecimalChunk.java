package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.common.codec.Varint;

/**
 * The dense, lossless chunk encoding of immutable blocks. Timestamps and values are stored as two
 * separate sections so a block can share one timestamp section among all series scraped together.
 *
 * <p>Timestamps: the first as a zigzag varint, then the first delta, then the delta-of-deltas in
 * {@link IntPacking}. Values: every value of the chunk is written as an integer mantissa m with
 * one shared decimal exponent k (v = m / 10^k), which holds exactly for what metrics carry
 * (counts, bytes, seconds at a fixed resolution). It is accepted only when dividing m by 10^k
 * gives back the value bit for bit for every sample, so NaN (the stale marker), -0.0, infinities
 * and values needing more than 53 bits of mantissa make the chunk stay Gorilla. The mantissas are
 * then stored constant, as deltas or as delta-of-deltas, whichever is smallest.
 *
 * <p>Not thread-safe: an encoder keeps scratch arrays.
 */
public final class DecimalChunk {
  static final int CONST = 0;
  static final int DELTA = 1;
  static final int DOD = 2;
  static final int MAX_EXPONENT = 22;
  private static final double TWO_53 = 0x1p53;
  static final double[] POW10 = new double[MAX_EXPONENT + 1];

  static {
    double p = 1;
    for (int i = 0; i <= MAX_EXPONENT; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private long[] m = new long[XorEncoder.TARGET_SAMPLES];
  private long[] d1 = new long[XorEncoder.TARGET_SAMPLES];
  private long[] d2 = new long[XorEncoder.TARGET_SAMPLES];

  private void ensure(int n) {
    if (m.length < n) {
      m = new long[n];
      d1 = new long[n];
      d2 = new long[n];
    }
  }

  /** Writes the timestamp section of ts[0, n), n >= 1. */
  public void writeTimestamps(long[] ts, int n, ByteWriter out) {
    ensure(n);
    out.putUvarint(Varint.zigzag(ts[0]));
    if (n == 1) {
      return;
    }
    long prevDelta = ts[1] - ts[0];
    out.putUvarint(Varint.zigzag(prevDelta));
    for (int i = 2; i < n; i++) {
      long delta = ts[i] - ts[i - 1];
      d2[i - 2] = Varint.zigzag(delta - prevDelta);
      prevDelta = delta;
    }
    IntPacking.write(d2, 0, n - 2, out);
  }

  /**
   * Writes the value section of vs[0, n) and returns true, or writes nothing and returns false
   * when the values are not all exact decimals.
   */
  public boolean writeValues(double[] vs, int n, ByteWriter out) {
    ensure(n);
    int k = 0;
    for (int i = 0; i < n; i++) {
      while (!exact(vs[i], k)) {
        if (++k > MAX_EXPONENT) {
          return false;
        }
      }
    }
    double scale = POW10[k];
    for (int i = 0; i < n; i++) {
      // Exact at the value's own exponent implies exact at any larger one that still fits.
      if (!exact(vs[i], k)) {
        return false;
      }
      m[i] = (long) Math.rint(vs[i] * scale);
    }
    out.putByte(k);
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) {
      constant = m[i] == m[0];
    }
    if (constant) {
      out.putByte(CONST).putUvarint(Varint.zigzag(m[0]));
      return true;
    }
    for (int i = 1; i < n; i++) {
      d1[i - 1] = Varint.zigzag(m[i] - m[i - 1]);
    }
    for (int i = 2; i < n; i++) {
      d2[i - 2] = Varint.zigzag((m[i] - m[i - 1]) - (m[i - 1] - m[i - 2]));
    }
    int deltaSize = IntPacking.size(d1, 0, n - 1);
    int dodSize = Varint.uvarintSize(d1[0]) + IntPacking.size(d2, 0, n - 2);
    if (deltaSize <= dodSize) {
      out.putByte(DELTA).putUvarint(Varint.zigzag(m[0]));
      IntPacking.write(d1, 0, n - 1, out);
    } else {
      out.putByte(DOD).putUvarint(Varint.zigzag(m[0])).putUvarint(d1[0]);
      IntPacking.write(d2, 0, n - 2, out);
    }
    return true;
  }

  /** Whether v is m / 10^k for an integer |m| < 2^53, bit for bit. */
  static boolean exact(double v, int k) {
    double scaled = v * POW10[k];
    if (!(Math.abs(scaled) < TWO_53)) {
      return false;
    }
    long mant = (long) Math.rint(scaled);
    // Through long, so -0.0 (which would come back as +0.0) is refused.
    return Double.doubleToRawLongBits(mant / POW10[k]) == Double.doubleToRawLongBits(v);
  }
}
