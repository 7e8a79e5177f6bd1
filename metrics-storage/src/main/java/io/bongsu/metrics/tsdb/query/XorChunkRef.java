package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.tsdb.chunk.XorIterator;

/** A Gorilla chunk held as {@code byteLength} bytes of an array, from {@code offset}. */
public final class XorChunkRef extends ChunkRef {
  public final byte[] data;
  public final int offset;
  public final int byteLength;
  public final int count;

  public XorChunkRef(long minT, long maxT, byte[] data, int offset, int byteLength, int count) {
    super(minT, maxT);
    this.data = data;
    this.offset = offset;
    this.byteLength = byteLength;
    this.count = count;
  }

  @Override
  public SampleIterator iterator() {
    return new XorIterator(data, offset, byteLength, count);
  }
}
