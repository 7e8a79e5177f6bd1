package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.BitWriter;
import io.bongsu.common.codec.Varint;

/**
 * Gorilla compression of one chunk: the first timestamp as a varint, the first delta as a varint,
 * then delta-of-deltas in width buckets; values XORed with their predecessor, storing only the
 * meaningful bits. Values are kept bit-exact (NaN payloads such as the stale marker survive).
 * Arithmetic wraps, so any sequence of timestamps round-trips.
 */
public final class XorEncoder {
  /** Samples per chunk before a new one starts (Gorilla's sweet spot, as in Prometheus). */
  public static final int TARGET_SAMPLES = 120;

  private final BitWriter bits;
  private int count;
  private long t;
  private long tDelta;
  private long vBits;
  private int leading = -1;
  private int trailing;

  public XorEncoder() {
    bits = new BitWriter(32);
  }

  public int count() {
    return count;
  }

  public long lastTimestamp() {
    return t;
  }

  public double lastValue() {
    return Double.longBitsToDouble(vBits);
  }

  /** The bytes so far; only the first {@link #byteCount()} are meaningful. */
  public byte[] array() {
    return bits.array();
  }

  public int byteCount() {
    return bits.byteCount();
  }

  public byte[] toByteArray() {
    return bits.toByteArray();
  }

  public void append(long ts, double value) {
    long vb = Double.doubleToRawLongBits(value);
    if (count == 0) {
      writeBitVarint(Varint.zigzag(ts));
      bits.writeBits(vb, 64);
    } else if (count == 1) {
      tDelta = ts - t;
      writeBitVarint(Varint.zigzag(tDelta));
      writeValue(vb);
    } else {
      long delta = ts - t;
      writeDod(delta - tDelta);
      tDelta = delta;
      writeValue(vb);
    }
    t = ts;
    vBits = vb;
    count++;
  }

  private void writeBitVarint(long v) {
    while ((v & ~0x7FL) != 0) {
      bits.writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    bits.writeBits(v, 8);
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      bits.writeBit(false);
    } else if (fits(dod, 14)) {
      bits.writeBits(0b10, 2);
      bits.writeBits(dod, 14);
    } else if (fits(dod, 17)) {
      bits.writeBits(0b110, 3);
      bits.writeBits(dod, 17);
    } else if (fits(dod, 20)) {
      bits.writeBits(0b1110, 4);
      bits.writeBits(dod, 20);
    } else {
      bits.writeBits(0b1111, 4);
      bits.writeBits(dod, 64);
    }
  }

  static boolean fits(long v, int width) {
    long half = 1L << (width - 1);
    return v >= -half && v < half;
  }

  private void writeValue(long vb) {
    long x = vb ^ vBits;
    if (x == 0) {
      bits.writeBit(false);
      return;
    }
    bits.writeBit(true);
    int lead = Math.min(31, Long.numberOfLeadingZeros(x));
    int trail = Long.numberOfTrailingZeros(x);
    if (leading >= 0 && lead >= leading && trail >= trailing) {
      bits.writeBit(false);
      bits.writeBits(x >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = lead;
    trailing = trail;
    int sig = 64 - lead - trail;
    bits.writeBit(true);
    bits.writeBits(lead, 5);
    bits.writeBits(sig & 63, 6);
    bits.writeBits(x >>> trail, sig);
  }
}
