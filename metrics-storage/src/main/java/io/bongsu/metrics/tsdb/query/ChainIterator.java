package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;
import java.util.List;

/** Chunks in time order that do not overlap, walked one after another. */
final class ChainIterator implements SampleIterator {
  private final List<ChunkRef> chunks;
  private int idx = -1;
  private SampleIterator cur;

  ChainIterator(List<ChunkRef> chunks) {
    this.chunks = chunks;
  }

  @Override
  public boolean next() {
    while (true) {
      if (cur != null && cur.next()) {
        return true;
      }
      if (++idx >= chunks.size()) {
        cur = null;
        idx = chunks.size();
        return false;
      }
      cur = chunks.get(idx).iterator();
    }
  }

  @Override
  public boolean seek(long t) {
    if (cur == null && idx >= chunks.size()) {
      return false;
    }
    if (cur != null && chunks.get(idx).maxT >= t) {
      if (cur.seek(t)) {
        return true;
      }
    }
    while (true) {
      if (++idx >= chunks.size()) {
        cur = null;
        idx = chunks.size();
        return false;
      }
      if (chunks.get(idx).maxT < t) {
        continue;
      }
      cur = chunks.get(idx).iterator();
      if (cur.seek(t)) {
        return true;
      }
    }
  }

  @Override
  public long timestamp() {
    return cur.timestamp();
  }

  @Override
  public double value() {
    return cur.value();
  }
}
