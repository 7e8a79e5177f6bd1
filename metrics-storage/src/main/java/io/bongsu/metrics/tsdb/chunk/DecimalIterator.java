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
  private long[] ts = new long[XorEncoder.TARGET_SAMPLES];
  private double[] vs = new double[XorEncoder.TARGET_SAMPLES];
  private long[] scratch = new long[XorEncoder.TARGET_SAMPLES];
  private int n;
  private int i = -1;

  public DecimalIterator() {}

  /** Decodes {@code count} samples; damaged data is a {@link CorruptDataException}. */
  public DecimalIterator reset(ByteBuffer buf, int tsPos, int valuesPos, int count) {
    if (count < 1) {
      throw new CorruptDataException("chunk without samples");
    }
    if (ts.length < count) {
      ts = new long[count];
      vs = new double[count];
      scratch = new long[count];
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
    ByteBuffer b = buf.duplicate().position(pos);
    long t = Varint.unzigzag(Varint.getUvarint(b));
    ts[0] = t;
    if (count == 1) {
      return;
    }
    long delta = Varint.unzigzag(Varint.getUvarint(b));
    t += delta;
    ts[1] = t;
    IntPacking.read(buf, b.position(), scratch, 0, count - 2);
    for (int j = 2; j < count; j++) {
      delta += Varint.unzigzag(scratch[j - 2]);
      t += delta;
      ts[j] = t;
    }
  }

  private void decodeValues(ByteBuffer buf, int pos, int count) {
    int k = buf.get(pos);
    if (k < 0 || k > DecimalChunk.MAX_EXPONENT) {
      throw new CorruptDataException("chunk decimal exponent " + k);
    }
    double scale = DecimalChunk.POW10[k];
    int mode = buf.get(pos + 1) & 0xFF;
    ByteBuffer b = buf.duplicate().position(pos + 2);
    long m = Varint.unzigzag(Varint.getUvarint(b));
    long[] ms = scratch;
    ms[0] = m;
    int end;
    switch (mode & DecimalChunk.MODE_MASK) {
      case DecimalChunk.CONST -> {
        java.util.Arrays.fill(ms, 0, count, m);
        end = b.position();
      }
      case DecimalChunk.DELTA -> {
        end = IntPacking.read(buf, b.position(), ms, 1, count - 1);
        for (int j = 1; j < count; j++) {
          ms[j] = ms[j - 1] + Varint.unzigzag(ms[j]);
        }
      }
      case DecimalChunk.DOD -> {
        long delta = Varint.unzigzag(Varint.getUvarint(b));
        end = IntPacking.read(buf, b.position(), ms, 2, count - 2);
        if (count > 1) {
          ms[1] = m + delta;
        }
        for (int j = 2; j < count; j++) {
          delta += Varint.unzigzag(ms[j]);
          ms[j] = ms[j - 1] + delta;
        }
      }
      default -> throw new CorruptDataException("unknown chunk value mode " + mode);
    }
    for (int j = 0; j < count; j++) {
      vs[j] = ms[j] / scale;
    }
    if ((mode & DecimalChunk.CORRECTED) != 0) {
      IntPacking.read(buf, end, ms, 0, count);
      for (int j = 0; j < count; j++) {
        vs[j] = Double.longBitsToDouble(
            Double.doubleToRawLongBits(vs[j]) + Varint.unzigzag(ms[j]));
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
    if (i < 0) {
      i = 0;
    }
    while (i < n && ts[i] < target) {
      i++;
    }
    return i < n;
  }

  @Override
  public long timestamp() {
    return ts[i];
  }

  @Override
  public double value() {
    return vs[i];
  }
}
