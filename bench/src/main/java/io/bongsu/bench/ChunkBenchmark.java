package io.bongsu.bench;

import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.chunk.XorIterator;
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

/** Gorilla chunk encode and decode of one full chunk; scores are per sample. */
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
}
