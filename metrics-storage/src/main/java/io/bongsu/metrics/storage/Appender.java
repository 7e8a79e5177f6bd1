package io.bongsu.metrics.storage;

import io.bongsu.common.labels.Labels;

/** A batch of writes. Not thread-safe: each writer uses its own appender. */
public interface Appender {
  /**
   * Adds one sample. {@code ref} is a series reference returned by an earlier append (0 when
   * unknown), letting a hot writer skip the label lookup; it is a hint, checked against labels.
   *
   * @return the series reference to pass next time
   * @throws SampleRejectedException when the sample is out of order beyond the allowed window,
   *     a duplicate timestamp with another value, or the labels are invalid
   */
  long append(long ref, Labels labels, long timestampMillis, double value);

  /**
   * The label set the store keeps for a reference {@link #append} returned, or null when unknown.
   * A writer that caches series can hold this instance instead of its own copy; passed back with
   * the reference, it is recognised without comparing labels.
   */
  default Labels labels(long ref) {
    return null;
  }

  /** Makes every appended sample durable (written to the WAL) and visible to new queriers. */
  void commit();

  /** Drops every sample appended since the last commit. */
  void rollback();
}
