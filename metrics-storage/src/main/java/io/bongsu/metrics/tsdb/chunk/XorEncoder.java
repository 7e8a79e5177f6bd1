package io.bongsu.metrics.tsdb.chunk;

import java.util.Arrays;

/** A standalone Gorilla chunk encoder; the format is described on {@link XorChunkState}. */
public final class XorEncoder extends XorChunkState {
  public XorEncoder() {
    openChunk();
  }

  public int count() {
    return chunkSamples();
  }

  public long lastTimestamp() {
    return lastT();
  }

  public double lastValue() {
    return Double.longBitsToDouble(lastValueBits());
  }

  /** The bytes so far; only the first {@link #byteCount()} are meaningful. */
  public byte[] array() {
    return chunkBytes();
  }

  public int byteCount() {
    return chunkByteCount();
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(chunkBytes(), chunkByteCount());
  }

  public void append(long ts, double value) {
    appendToChunk(ts, value);
  }
}
