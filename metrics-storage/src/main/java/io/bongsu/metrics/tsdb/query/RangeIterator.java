package io.bongsu.metrics.tsdb.query;

import io.bongsu.metrics.storage.SampleIterator;

/** Limits an iterator to [mint, maxt]. */
final class RangeIterator implements SampleIterator {
  private final SampleIterator in;
  private final long mint;
  private final long maxt;
  private boolean started;
  private boolean done;

  RangeIterator(SampleIterator in, long mint, long maxt) {
    this.in = in;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public boolean next() {
    if (done) {
      return false;
    }
    boolean ok;
    if (!started) {
      started = true;
      ok = in.seek(mint);
    } else {
      ok = in.next();
    }
    return check(ok);
  }

  @Override
  public boolean seek(long t) {
    if (done) {
      return false;
    }
    started = true;
    return check(in.seek(Math.max(t, mint)));
  }

  private boolean check(boolean ok) {
    if (!ok || in.timestamp() > maxt) {
      done = true;
      return false;
    }
    return true;
  }

  @Override
  public long timestamp() {
    return in.timestamp();
  }

  @Override
  public double value() {
    return in.value();
  }
}
