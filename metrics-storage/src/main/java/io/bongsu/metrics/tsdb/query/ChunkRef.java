package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;

/** A chunk of one series known by its time bounds, decoded only when iterated. */
public abstract class ChunkRef {
  public final long minT;
  public final long maxT;

  protected ChunkRef(long minT, long maxT) {
    this.minT = minT;
    this.maxT = maxT;
  }

  public abstract SampleIterator iterator();

  public boolean overlaps(long mint, long maxt) {
    return minT <= maxt && maxT >= mint;
  }
}
