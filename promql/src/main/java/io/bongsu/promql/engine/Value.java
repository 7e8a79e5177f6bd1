package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import java.util.List;

/** An intermediate evaluation result at one step. */
sealed interface Value {
  record Scalar(double v) implements Value {}

  record Str(String s) implements Value {}

  /** Samples of an instant vector; {@code t} is the sample's own time for raw selectors. */
  record Vec(List<Sample> samples) implements Value {}

  record Mat(List<RangeSeries> series) implements Value {}

  final class Sample {
    final Labels labels;
    final long t;
    final double v;

    Sample(Labels labels, long t, double v) {
      this.labels = labels;
      this.t = t;
      this.v = v;
    }
  }

  /** Points ts[from..to) of shared arrays; no copy is made per step. */
  record RangeSeries(Labels labels, long[] ts, double[] vs, int from, int to) {
    int size() {
      return to - from;
    }
  }
}
