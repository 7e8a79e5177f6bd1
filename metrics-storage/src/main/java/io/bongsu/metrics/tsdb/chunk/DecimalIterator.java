package io.bongsu.metrics.tsdb.chunk;

import io.bongsu.common.codec.CorruptDataException;
import io.bongsu.common.codec.Varint;
import io.bongsu.metrics.storage.SampleIterator;
import java.nio.ByteBuffer;

/**
 * Decodes a {@link DecimalChunk} from its timestamp and value sections: the whole chunk at once
 * into arrays on {@link #reset}, so iteration is a plain array walk. Reusable, no per-sample
 * garbage.
 */
public final class DecimalIterator implements SampleIterator {
  /** More samples than any writer puts in one chunk: a damaged count, not an allocation. */
  public static final int MAX_SAMPLES = 1 << 16;
  private long[] ts = new long[XorEncoder.TARGET_SAMPLES];
  /** The values' raw bits. */
  private long[] bits = new long[XorEncoder.TARGET_SAMPLES];
  /** Per-value corrections, only for chunks that have them. */
  private long[] corrections;
  private final ByteCursor cursor = new ByteCursor();
  private int n;
  private int i = -1;

  public DecimalIterator() {}

  /** Decodes {@code count} samples; damaged data is a {@link CorruptDataException}. */
  public DecimalIterator reset(ByteBuffer buf, int tsPos, int valuesPos, int count) {
    if (count < 1 || count > MAX_SAMPLES) {
      throw new CorruptDataException("chunk sample count " + count + " out of range");
    }
    if (ts.length < count) {
      ts = new long[count];
      bits = new long[count];
    }
    try {
      decodeTimestamps(buf, tsPos, count);
      decodeValues(buf, valuesPos, count);
    } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException
        | IllegalArgumentException e) {
      throw new CorruptDataException("chunk runs past its data");
    }
    n = count;
    i = -1;
    return this;
  }

  private void decodeTimestamps(ByteBuffer buf, int pos, int count) {
    ByteCursor in = cursor.at(buf, pos);
    long t = Varint.unzigzag(in.uvarint());
    ts[0] = t;
    if (count == 1) {
      return;
    }
    long delta = Varint.unzigzag(in.uvarint());
    t += delta;
    ts[1] = t;
    IntPacking.read(in, ts, 2, count - 2);
    for (int j = 2; j < count; j++) {
      delta += Varint.unzigzag(ts[j]);
      t += delta;
      ts[j] = t;
    }
  }

  private void decodeValues(ByteBuffer buf, int pos, int count) {
    ByteCursor in = cursor.at(buf, pos);
    int k = in.u8();
    if (k > DecimalChunk.MAX_EXPONENT) {
      throw new CorruptDataException("chunk decimal exponent " + k);
    }
    double scale = DecimalChunk.POW10[k];
    int mode = in.u8();
    long step = (mode & DecimalChunk.STEP) != 0 ? in.uvarint() : 1;
    long m = Varint.unzigzag(in.uvarint());
    long[] ms = bits;
    ms[0] = m;
    switch (mode & DecimalChunk.MODE_MASK) {
      case DecimalChunk.CONST -> java.util.Arrays.fill(ms, 0, count, m);
      case DecimalChunk.DELTA -> {
        IntPacking.read(in, ms, 1, count - 1);
        for (int j = 1; j < count; j++) {
          ms[j] = ms[j - 1] + Varint.unzigzag(ms[j]) * step;
        }
      }
      case DecimalChunk.DOD -> {
        long delta = Varint.unzigzag(in.uvarint());
        IntPacking.read(in, ms, 2, count - 2);
        if (count > 1) {
          ms[1] = m + delta * step;
        }
        for (int j = 2; j < count; j++) {
          delta += Varint.unzigzag(ms[j]);
          ms[j] = ms[j - 1] + delta * step;
        }
      }
      default -> throw new CorruptDataException("unknown chunk value mode " + mode);
    }
    for (int j = 0; j < count; j++) {
      ms[j] = Double.doubleToRawLongBits(ms[j] / scale);
    }
    if ((mode & DecimalChunk.CORRECTED) != 0) {
      if (corrections == null || corrections.length < count) {
        corrections = new long[Math.max(count, XorEncoder.TARGET_SAMPLES)];
      }
      IntPacking.read(in, corrections, 0, count);
      for (int j = 0; j < count; j++) {
        ms[j] += Varint.unzigzag(corrections[j]);
      }
    }
  }

  @Override
  public boolean next() {
    if (i < n) {
      i++;
    }
    return i < n;
  }

  @Override
  public boolean seek(long target) {
    int from = Math.max(i, 0);
    if (from >= n || ts[from] >= target) {
      i = Math.min(from, n);
      return i < n;
    }
    int lo = from + 1;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
    return i < n;
  }

  @Override
  public long timestamp() {
    return ts[i];
  }

  @Override
  public double value() {
    return Double.longBitsToDouble(bits[i]);
  }
}
