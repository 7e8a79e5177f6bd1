package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.tsdb.chunk.XorIterator;

/** A Gorilla chunk held as (a prefix of) a byte array. */
public final class XorChunkRef extends ChunkRef {
  public final byte[] data;
  public final int byteLength;
  public final int count;

  public XorChunkRef(long minT, long maxT, byte[] data, int byteLength, int count) {
    super(minT, maxT);
    this.data = data;
    this.byteLength = byteLength;
    this.count = count;
  }

  @Override
  public SampleIterator iterator() {
    return new XorIterator(data, byteLength, count);
  }
}
