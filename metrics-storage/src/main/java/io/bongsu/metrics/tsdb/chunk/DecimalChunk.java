package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.common.codec.Varint;

/**
 * The dense, lossless chunk encoding of immutable blocks. Timestamps and values are stored as two
 * separate sections so a block can share one timestamp section among all series scraped together.
 *
 * <p>Timestamps: the first as a zigzag varint, then the first delta, then the delta-of-deltas in
 * {@link IntPacking}. Values: a byte k, a mode byte, then every value as an integer mantissa m
 * with the shared decimal exponent k (v = m / 10^k, as IEEE division rounds it), which is exact
 * for what metrics carry (counts, bytes, seconds at a fixed resolution). The mantissas are stored
 * constant, as deltas or as delta-of-deltas, whichever is smallest, divided by the greatest
 * common divisor of the deltas when the mode has {@link #STEP} set (a varint after the mode
 * byte); when the mode has {@link #CORRECTED} set, a run of per-value corrections in units in
 * the last place follows (see {@link #writeValues}).
 *
 * <p>Not thread-safe: an encoder keeps scratch arrays.
 */
public final class DecimalChunk {
  static final int CONST = 0;
  static final int DELTA = 1;
  static final int DOD = 2;
  static final int MAX_EXPONENT = 22;
  static final int CORRECTED = 0x80;
  static final int STEP = 0x40;
  static final int MODE_MASK = 0x3F;
  /** Corrections up to this many units in the last place count as near a decimal. */
  static final int MAX_ULPS = 2;
  private static final double TWO_53 = 0x1p53;
  private static final double TWO_62 = 0x1p62;
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
  private long[] corr = new long[XorEncoder.TARGET_SAMPLES];

  private void ensure(int n) {
    if (m.length < n) {
      m = new long[n];
      d1 = new long[n];
      d2 = new long[n];
      corr = new long[n];
    }
  }

  /** Writes the timestamp section of ts[0, n), n >= 1. */
  public void writeTimestamps(long[] ts, int n, ByteWriter out) {
    writeTimestamps(ts, 0, n, out);
  }

  /** Writes the timestamp section of ts[off, off + n), n >= 1. */
  public void writeTimestamps(long[] ts, int off, int n, ByteWriter out) {
    ensure(n);
    out.putUvarint(Varint.zigzag(ts[off]));
    if (n == 1) {
      return;
    }
    long prevDelta = ts[off + 1] - ts[off];
    out.putUvarint(Varint.zigzag(prevDelta));
    for (int i = 2; i < n; i++) {
      long delta = ts[off + i] - ts[off + i - 1];
      d2[i - 2] = Varint.zigzag(delta - prevDelta);
      prevDelta = delta;
    }
    IntPacking.write(d2, 0, n - 2, out);
  }

  /**
   * Writes the value section of vs[0, n). Every value is m / 10^k plus a correction c in units
   * in the last place, stored only when some c is not zero: decimal values need none, values
   * computed in binary (0.1 + 0.2) need a c of one or two, and values no decimal fits (NaN
   * payloads, -0.0, infinities) reuse the previous m with the full difference of their bits.
   * Any sequence of doubles therefore round-trips bit-exactly; the caller keeps Gorilla when
   * that is smaller.
   *
   * @return the number of bytes written
   */
  public int writeValues(double[] vs, int n, ByteWriter out) {
    return writeValues(vs, 0, n, out);
  }

  /** Writes the value section of vs[off, off + n), like the method above. */
  public int writeValues(double[] vs, int off, int n, ByteWriter out) {
    ensure(n);
    int start = out.size();
    int k = 0;
    for (int i = 0; i < n; i++) {
      int kv = nearExponent(vs[off + i], k);
      if (kv > k) {
        k = kv;
      }
    }
    double scale = POW10[k];
    boolean corrected = false;
    long prev = 0;
    for (int i = 0; i < n; i++) {
      double scaled = vs[off + i] * scale;
      long mi = Math.abs(scaled) < TWO_62 ? (long) Math.rint(scaled) : prev;
      long c = Double.doubleToRawLongBits(vs[off + i]) - Double.doubleToRawLongBits(mi / scale);
      if (c != 0 && Math.abs(c) > MAX_ULPS) {
        mi = prev;
        c = Double.doubleToRawLongBits(vs[off + i]) - Double.doubleToRawLongBits(mi / scale);
      }
      m[i] = mi;
      corr[i] = Varint.zigzag(c);
      corrected |= c != 0;
      prev = mi;
    }
    out.putByte(k);
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) {
      constant = m[i] == m[0];
    }
    int flags = corrected ? CORRECTED : 0;
    if (constant) {
      out.putByte(CONST | flags).putUvarint(Varint.zigzag(m[0]));
    } else {
      long g = 0;
      for (int i = 1; i < n; i++) {
        g = gcd(g, Math.abs(m[i] - m[i - 1]));
      }
      // Bytes in kB * 1024 or 4 KiB pages move in steps the decimal exponent cannot remove.
      if (g > 1) {
        flags |= STEP;
      } else {
        g = 1;
      }
      long prevDelta = 0;
      for (int i = 1; i < n; i++) {
        long delta = (m[i] - m[i - 1]) / g;
        d1[i - 1] = Varint.zigzag(delta);
        if (i >= 2) {
          d2[i - 2] = Varint.zigzag(delta - prevDelta);
        }
        prevDelta = delta;
      }
      int deltaSize = IntPacking.size(d1, 0, n - 1);
      int dodSize = Varint.uvarintSize(d1[0]) + IntPacking.size(d2, 0, n - 2);
      out.putByte((deltaSize <= dodSize ? DELTA : DOD) | flags);
      if (g > 1) {
        out.putUvarint(g);
      }
      out.putUvarint(Varint.zigzag(m[0]));
      if (deltaSize <= dodSize) {
        IntPacking.write(d1, 0, n - 1, out);
      } else {
        out.putUvarint(d1[0]);
        IntPacking.write(d2, 0, n - 2, out);
      }
    }
    if (corrected) {
      IntPacking.write(corr, 0, n, out);
    }
    return out.size() - start;
  }

  /**
   * The smallest exponent, at least {@code from}, at which v is within {@link #MAX_ULPS} of a
   * decimal m / 10^k with |m| < 2^53; {@code from} when there is none.
   */
  static int nearExponent(double v, int from) {
    for (int k = from; k <= MAX_EXPONENT; k++) {
      double scaled = v * POW10[k];
      if (!(Math.abs(scaled) < TWO_53)) {
        return from;
      }
      long mant = (long) Math.rint(scaled);
      long c = Double.doubleToRawLongBits(v) - Double.doubleToRawLongBits(mant / POW10[k]);
      if (Math.abs(c) <= MAX_ULPS) {
        return k;
      }
    }
    return from;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
