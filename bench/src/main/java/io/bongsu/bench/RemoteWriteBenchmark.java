package io.bongsu.bench;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteException;
import io.bongsu.metrics.ingest.remotewrite.RemoteWriteReceiver;
import io.bongsu.metrics.ingest.remotewrite.WriteRequestEncoder;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.Storage;
import io.bongsu.metrics.tsdb.Tsdb;
import io.bongsu.metrics.tsdb.TsdbOptions;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Remote write of 2,000-sample requests of the harness's series; scores are per sample.
 * {@code decode}: snappy, protobuf and labels into a storage that only counts. {@code ingest}: the
 * whole path into a real {@link Tsdb} (head, WAL, commit) over 20,000 series sent as 10
 * requests per round, every round one scrape interval later, as a remote write sender repeats the
 * same series.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RemoteWriteBenchmark {
  private static final int SAMPLES = 2000;
  private static final int REQUESTS_PER_ROUND = 10;
  private static final long INTERVAL = 15_000;

  private byte[] body;
  private RemoteWriteReceiver receiver;

  private Path dir;
  private Tsdb tsdb;
  private RemoteWriteReceiver tsdbReceiver;
  /** Uncompressed requests of one round, with where each sample's 6-byte timestamp varint sits. */
  private final List<byte[]> protos = new ArrayList<>();
  private final List<int[]> timestampAt = new ArrayList<>();
  private final byte[][] snappy = new byte[REQUESTS_PER_ROUND][];
  private final int[] snappyLength = new int[REQUESTS_PER_ROUND];
  private final SnappyCompressor compressor = new SnappyCompressor();
  private long roundTime;
  private int next;

  @Setup
  public void setUp() throws IOException {
    body = request(0, 1_700_000_000_000L).toSnappy();
    receiver = new RemoteWriteReceiver(new CountingStorage());

    dir = Files.createTempDirectory("bongsu-rw-bench");
    tsdb = Tsdb.open(dir, TsdbOptions.defaults().withBackgroundMaintenance(false));
    tsdbReceiver = new RemoteWriteReceiver(tsdb);
    roundTime = System.currentTimeMillis() - 24 * 3_600_000L;
    for (int r = 0; r < REQUESTS_PER_ROUND; r++) {
      byte[] proto = request(r * SAMPLES, roundTime).toByteArray();
      protos.add(proto);
      timestampAt.add(timestampOffsets(proto));
      snappy[r] = new byte[compressor.maxCompressedLength(proto.length)];
    }
    compressRound();
  }

  @TearDown
  public void tearDown() throws IOException {
    tsdb.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** {@code SAMPLES} series of the harness's targets, starting at series number {@code from}. */
  private static WriteRequestEncoder request(int from, long timestamp) {
    WriteRequestEncoder enc = new WriteRequestEncoder();
    int seen = 0;
    int n = 0;
    for (int h = 0; n < SAMPLES; h++) {
      Dataset.Target t = new Dataset.Target(
          h % 2 == 0 ? Dataset.TargetKind.NODE : Dataset.TargetKind.APP, h, 1, 15_000, 0);
      String[][] labels = t.labels(0);
      double[] values = t.scrape();
      for (int i = 0; i < labels.length && n < SAMPLES; i++, seen++) {
        if (seen >= from) {
          enc.addSeries(labels[i], new long[] {timestamp}, new double[] {values[i]});
          n++;
        }
      }
    }
    return enc;
  }

  /** Offsets of the Sample.timestamp varints: WriteRequest.timeseries → TimeSeries.samples. */
  private static int[] timestampOffsets(byte[] p) {
    List<Integer> out = new ArrayList<>();
    int pos = 0;
    while (pos < p.length) {
      pos++; // tag of timeseries (field 1, one byte)
      int[] len = varint(p, pos);
      int end = len[1] + len[0];
      pos = len[1];
      while (pos < end) {
        int tag = p[pos++];
        int[] l = varint(p, pos);
        if (tag == (2 << 3 | 2)) {
          int s = l[1];
          while (s < l[1] + l[0]) {
            int t = p[s++];
            if (t == (1 << 3 | 1)) {
              s += 8;
            } else {
              out.add(s);
              s += 6;
            }
          }
        }
        pos = l[1] + l[0];
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** {value, position after the varint}. */
  private static int[] varint(byte[] p, int pos) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = p[pos++];
      v |= (b & 0x7F) << shift;
      if (b >= 0) {
        return new int[] {v, pos};
      }
    }
  }

  private void compressRound() {
    for (int r = 0; r < REQUESTS_PER_ROUND; r++) {
      byte[] p = protos.get(r);
      for (int at : timestampAt.get(r)) {
        long t = roundTime;
        for (int i = 0; i < 6; i++) {
          p[at + i] = (byte) ((t & 0x7F) | (i < 5 ? 0x80 : 0));
          t >>>= 7;
        }
      }
      snappyLength[r] = compressor.compress(p, 0, p.length, snappy[r], 0, snappy[r].length);
    }
  }

  @Setup(Level.Invocation)
  public void nextRequest() {
    if (next == REQUESTS_PER_ROUND) {
      next = 0;
      roundTime += INTERVAL;
      compressRound();
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public Object decode() throws RemoteWriteException {
    return receiver.receive(body, 0, body.length);
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public Object ingest() throws RemoteWriteException {
    int r = next++;
    return tsdbReceiver.receive(snappy[r], 0, snappyLength[r]);
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
