package io.bongsu.metrics.storage;

/** A sample the store will not take; the caller counts or reports it and goes on. */
public class SampleRejectedException extends RuntimeException {
  public enum Reason { OUT_OF_ORDER, OUT_OF_BOUNDS, DUPLICATE_TIMESTAMP, INVALID_LABELS }

  private final Reason reason;

  public SampleRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
