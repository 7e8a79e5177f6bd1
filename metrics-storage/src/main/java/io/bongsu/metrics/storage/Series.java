package io.bongsu.metrics.storage;

import io.bongsu.common.labels.Labels;

/** One series in a querier's range. */
public interface Series {
  Labels labels();

  /** A fresh iterator over the samples in time order, stale markers included. */
  SampleIterator iterator();
}
