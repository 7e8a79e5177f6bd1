package io.bongsu.bench;

import io.bongsu.common.codec.ByteWriter;
import io.bongsu.metrics.tsdb.chunk.DecimalChunk;
import io.bongsu.metrics.tsdb.chunk.DecimalIterator;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.chunk.XorIterator;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encode and decode of one full chunk, Gorilla (head chunks, version 1 blocks) against the
 * decimal block encoding; scores are per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChunkBenchmark {
  private static final int N = XorEncoder.TARGET_SAMPLES;

  /** counter: a cpu-seconds-like counter at 0.01 resolution; gauge: a full-precision float. */
  @Param({"counter", "gauge"})
  public String shape;

  private final long[] ts = new long[N];
  private final double[] vs = new double[N];
  private byte[] chunk;
  private int chunkBytes;
  private final XorIterator it = new XorIterator();
  private final DecimalChunk decimal = new DecimalChunk();
  private final DecimalIterator decimalIt = new DecimalIterator();
  private final ByteWriter out = new ByteWriter(2048);
  private ByteBuffer decimalChunk;
  private int decimalValuesAt;

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(7);
    long t = 1_700_000_000_000L;
    double v = 123_456.78;
    for (int i = 0; i < N; i++) {
      t += 15_000 + (rng.nextInt(20) == 0 ? rng.nextInt(5) : 0);
      v = shape.equals("counter") ? Math.round(v * 100 + 1200 + rng.nextInt(300)) / 100.0
          : 0.03 + 0.005 * rng.nextGaussian();
      ts[i] = t;
      vs[i] = v;
    }
    XorEncoder enc = new XorEncoder();
    for (int i = 0; i < N; i++) {
      enc.append(ts[i], vs[i]);
    }
    chunk = enc.toByteArray();
    chunkBytes = enc.byteCount();
    ByteWriter w = new ByteWriter();
    decimal.writeTimestamps(ts, N, w);
    decimalValuesAt = w.size();
    decimal.writeValues(vs, N, w);
    decimalChunk = ByteBuffer.wrap(w.toByteArray());
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int encode() {
    XorEncoder enc = new XorEncoder();
    for (int i = 0; i < N; i++) {
      enc.append(ts[i], vs[i]);
    }
    return enc.byteCount();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double decode() {
    it.reset(chunk, chunkBytes, N);
    double sum = 0;
    while (it.next()) {
      sum += it.value() + it.timestamp();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int encodeDecimal() {
    out.reset();
    decimal.writeTimestamps(ts, N, out);
    decimal.writeValues(vs, N, out);
    return out.size();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double decodeDecimal() {
    decimalIt.reset(decimalChunk, 0, decimalValuesAt, N);
    double sum = 0;
    while (decimalIt.next()) {
      sum += decimalIt.value() + decimalIt.timestamp();
    }
    return sum;
  }
}
