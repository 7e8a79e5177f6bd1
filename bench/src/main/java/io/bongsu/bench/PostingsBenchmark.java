package io.bongsu.bench;

import io.bongsu.metrics.tsdb.index.Postings;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Intersection of two sorted postings lists out of 1M series ids, as {@code job="node",
 * mode="idle"} resolves: a large list against a smaller one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostingsBenchmark {
  @Param({"500000"})
  public int large;

  @Param({"1000", "60000"})
  public int small;

  private int[] a;
  private int[] b;

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(11);
    a = sortedSubset(rng, 1_000_000, large);
    b = sortedSubset(rng, 1_000_000, small);
  }

  private static int[] sortedSubset(SplittableRandom rng, int universe, int n) {
    int[] out = new int[n];
    int k = 0;
    for (int id = 0; id < universe && k < n; id++) {
      if (rng.nextInt(universe - id) < n - k) {
        out[k++] = id;
      }
    }
    return out;
  }

  @Benchmark
  public int intersect() {
    return Postings.intersect(a, b).length;
  }
}
