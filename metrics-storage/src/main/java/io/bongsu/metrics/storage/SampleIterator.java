package io.bongsu.metrics.storage;

/**
 * Walks samples in time order without allocating per sample. Call {@link #next()} or
 * {@link #seek(long)} before reading {@link #timestamp()} and {@link #value()}.
 */
public interface SampleIterator {
  boolean next();

  /** Moves to the first sample at or after t (never backwards); false when there is none. */
  boolean seek(long t);

  long timestamp();

  double value();
}
