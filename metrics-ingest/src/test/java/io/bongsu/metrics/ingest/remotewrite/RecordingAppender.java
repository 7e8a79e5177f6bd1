package io.bongsu.metrics.ingest.remotewrite;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.SampleRejectedException;
import java.util.ArrayList;
import java.util.List;

/** Records appends; rejects timestamps listed as out of order, like a store would. */
final class RecordingAppender implements Appender {
  record Appended(Labels labels, long timestamp, long valueBits) {}

  final List<Appended> appended = new ArrayList<>();
  final java.util.Set<Long> rejectTimestamps = new java.util.HashSet<>();
  boolean committed;
  boolean rolledBack;

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    if (rejectTimestamps.contains(t)) {
      throw new SampleRejectedException(SampleRejectedException.Reason.OUT_OF_ORDER,
          "out of order sample");
    }
    appended.add(new Appended(labels, t, Double.doubleToRawLongBits(v)));
    return 1;
  }

  @Override
  public void commit() {
    committed = true;
  }

  @Override
  public void rollback() {
    rolledBack = true;
    appended.clear();
  }
}
