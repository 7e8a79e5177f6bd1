package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;

/**
 * Merges overlapping iterators by timestamp; at equal timestamps the earliest iterator's sample
 * is kept and the others are skipped.
 */
final class MergeIterator implements SampleIterator {
  private final SampleIterator[] its;
  private final boolean[] live;
  private boolean started;
  private long t;
  private double v;

  MergeIterator(SampleIterator[] its) {
    this.its = its;
    this.live = new boolean[its.length];
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      for (int i = 0; i < its.length; i++) {
        live[i] = its[i].next();
      }
    } else {
      advancePast(t);
    }
    return pick();
  }

  @Override
  public boolean seek(long target) {
    if (started && t >= target && anyLive()) {
      return true;
    }
    started = true;
    for (int i = 0; i < its.length; i++) {
      live[i] = its[i].seek(target);
    }
    return pick();
  }

  private boolean anyLive() {
    for (boolean l : live) {
      if (l) {
        return true;
      }
    }
    return false;
  }

  private void advancePast(long last) {
    for (int i = 0; i < its.length; i++) {
      if (live[i] && its[i].timestamp() <= last) {
        live[i] = its[i].next();
      }
    }
  }

  private boolean pick() {
    int best = -1;
    for (int i = 0; i < its.length; i++) {
      if (live[i] && (best < 0 || its[i].timestamp() < its[best].timestamp())) {
        best = i;
      }
    }
    if (best < 0) {
      return false;
    }
    t = its[best].timestamp();
    v = its[best].value();
    return true;
  }

  @Override
  public long timestamp() {
    return t;
  }

  @Override
  public double value() {
    return v;
  }
}
