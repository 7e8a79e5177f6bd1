package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;

/** Samples in sorted parallel arrays, e.g. a snapshot of out-of-order samples. */
public final class ArrayChunkRef extends ChunkRef {
  private final long[] ts;
  private final double[] vs;
  private final int n;

  public ArrayChunkRef(long[] ts, double[] vs, int n) {
    super(ts[0], ts[n - 1]);
    this.ts = ts;
    this.vs = vs;
    this.n = n;
  }

  @Override
  public SampleIterator iterator() {
    return new SampleIterator() {
      private int i = -1;

      @Override
      public boolean next() {
        if (i < n) {
          i++;
        }
        return i < n;
      }

      @Override
      public boolean seek(long t) {
        if (i < 0) {
          i = 0;
        }
        while (i < n && ts[i] < t) {
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
    };
  }
}
