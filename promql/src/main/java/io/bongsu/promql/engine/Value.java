package io.bongsu.promql.engine;

import io.bongsu.common.labels.Labels;
import java.util.List;

/** An intermediate evaluation result at one step. */
sealed interface Value {
  record Scalar(double v) implements Value {}

  record Str(String s) implements Value {}

  /** Samples of an instant vector; {@code t} is the sample's own time for raw selectors. */
  record Vec(List<Sample> samples) implements Value {}

  /**
   * Series of a range vector; {@code namelessUnique} when their labels are known to stay
   * distinct once the metric name is dropped, so functions need not check it per step.
   */
  record Mat(List<RangeSeries> series, boolean namelessUnique) implements Value {
    Mat(List<RangeSeries> series) {
      this(series, false);
    }
  }

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

  /**
   * Points ts[from..to) of shared arrays; no copy is made per step. {@code nameless} is the
   * labels without the metric name when known (a loaded selector's series), else null.
   */
  record RangeSeries(Labels labels, Labels nameless, long[] ts, double[] vs, int from, int to) {
    int size() {
      return to - from;
    }
  }
}
