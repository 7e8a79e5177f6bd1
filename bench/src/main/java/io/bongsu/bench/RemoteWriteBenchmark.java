package io.bongsu.bench;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteException;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.ingest.remotewrite.WriteRequestEncoder;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.Storage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Remote write decode (snappy, protobuf, labels) of a 2,000-sample request of the harness's
 * series into a storage that only counts; scores are per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RemoteWriteBenchmark {
  private static final int SAMPLES = 2000;

  private byte[] body;
  private RemoteWriteReceiver receiver;

  @Setup
  public void setUp() {
    WriteRequestEncoder enc = new WriteRequestEncoder();
    int n = 0;
    for (int h = 0; n < SAMPLES; h++) {
      Dataset.Target t = new Dataset.Target(
          h % 2 == 0 ? Dataset.TargetKind.NODE : Dataset.TargetKind.APP, h, 1, 15_000, 0);
      String[][] labels = t.labels(0);
      double[] values = t.scrape();
      for (int i = 0; i < labels.length && n < SAMPLES; i++, n++) {
        enc.addSeries(labels[i], new long[] {1_700_000_000_000L}, new double[] {values[i]});
      }
    }
    body = enc.toSnappy();
    receiver = new RemoteWriteReceiver(new CountingStorage());
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public Object decode() throws RemoteWriteException {
    return receiver.receive(body, 0, body.length);
  }

  /** Accepts every sample and keeps nothing, so only the receiver's own work is measured. */
  static final class CountingStorage implements Storage {
    long samples;

    @Override
    public Appender appender() {
      return new Appender() {
        @Override
        public long append(long ref, Labels labels, long timestampMillis, double value) {
          samples++;
          return 1;
        }

        @Override
        public void commit() {}

        @Override
        public void rollback() {}
      };
    }

    @Override
    public Querier querier(long minTime, long maxTime) {
      throw new UnsupportedOperationException("write-only storage");
    }

    @Override
    public void close() {}
  }
}
