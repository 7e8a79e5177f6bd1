package io.bongsu.metrics.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.chunk.XorIterator;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import io.bongsu.metrics.tsdb.query.SeriesChunks;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The series' flat chunk state (open chunk fields, finished chunk records) against a model. */
class MemSeriesChunkPropertyTest {
  private static final long RANGE = 10_000;

  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.doubles()),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.NaN, StaleMarker.VALUE, -0.0, 1.0)),
        net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)),
        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 100).map(i -> (double) i)));
  }

  private static TreeMap<Long, Long> read(MemSeries s, long mint, long maxt) {
    List<ChunkRef> refs = new ArrayList<>();
    s.snapshot(refs, mint, maxt);
    SampleIterator it = new SeriesChunks(s.labels, refs, mint, maxt).iterator();
    TreeMap<Long, Long> out = new TreeMap<>();
    while (it.next()) {
      out.put(it.timestamp(), Double.doubleToRawLongBits(it.value()));
    }
    return out;
  }

  @Property
  void samplesRoundTripThroughCutsTruncationAndBlockChunks(
      @ForAll @Size(max = 700) List<@IntRange(min = 1, max = 200) Integer> steps,
      @ForAll @Size(max = 700) List<@net.jqwik.api.From("values") Double> vs,
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long start,
      @ForAll @IntRange(min = 0, max = 100) int truncatePercent) {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    TreeMap<Long, Long> model = new TreeMap<>();
    int n = Math.min(steps.size(), vs.size());
    long t = start;
    for (int i = 0; i < n; i++) {
      t += steps.get(i);
      assertThat(s.add(t, vs.get(i), RANGE, 0, Long.MIN_VALUE)).isEqualTo(1);
      model.put(t, Double.doubleToRawLongBits(vs.get(i)));
    }
    assertThat(read(s, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(model);
    if (n > 0) {
      long mid = model.firstKey() + (model.lastKey() - model.firstKey()) / 2;
      assertThat(read(s, mid, model.lastKey())).isEqualTo(model.subMap(mid, true, t, true));
    }

    long cut = start + (t - start) * truncatePercent / 100;
    TreeMap<Long, Long> fromBlocks = new TreeMap<>();
    for (BlockBuilder.Chunk c : s.chunksBefore(cut)) {
      assertThat(c.count()).isLessThanOrEqualTo(MemSeries.TARGET_SAMPLES);
      XorIterator it = new XorIterator(c.data(), c.length(), c.count());
      while (it.next()) {
        fromBlocks.put(it.timestamp(), Double.doubleToRawLongBits(it.value()));
      }
    }
    assertThat(fromBlocks).isEqualTo(model.headMap(cut, false));

    boolean removed = s.truncateBefore(cut);
    TreeMap<Long, Long> rest = new TreeMap<>(model.tailMap(cut, true));
    assertThat(removed).isEqualTo(rest.isEmpty());
    assertThat(read(s, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(rest);
    if (!rest.isEmpty()) {
      assertThat(s.minTime()).isEqualTo(rest.firstKey());
      // Appending after truncation continues the series.
      assertThat(s.add(t + 1, 7.0, RANGE, 0, Long.MIN_VALUE)).isEqualTo(1);
      rest.put(t + 1, Double.doubleToRawLongBits(7.0));
      assertThat(read(s, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(rest);
    }
  }

  @Test
  void duplicatesAndOutOfOrderSamplesAreJudgedAgainstTheLatestSample() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    for (long t = 1; t <= 130; t++) {
      s.add(t, t * 0.5, RANGE, 0, Long.MIN_VALUE);
    }
    assertThat(s.add(130, 65.0, RANGE, 0, Long.MIN_VALUE)).isZero();
    assertThat(s.add(130, 66.0, RANGE, 0, Long.MIN_VALUE)).isEqualTo(-1);
    assertThat(s.add(100, 50.0, RANGE, 0, Long.MIN_VALUE)).isEqualTo(-1);
    assertThat(s.checkPending(130, 65.0, 0, Long.MIN_VALUE, 0, true)).isFalse();
    assertThat(s.checkPending(60, 30.0, 100, Long.MIN_VALUE, 0, true)).isFalse();
    assertThat(s.chunkCount()).isEqualTo(2);
  }

  @Test
  void readersDecodeConsistentSnapshotsWhileSamplesAreAppended() throws Exception {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    int total = 20_000;
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      started.countDown();
      try {
        long seen = 0;
        while (seen < total) {
          // Every sample t has value t, timestamps are 1..n without gaps: any torn read shows.
          TreeMap<Long, Long> got = read(s, Long.MIN_VALUE, Long.MAX_VALUE);
          long expect = got.isEmpty() ? 0 : got.firstKey();
          for (var e : got.entrySet()) {
            if (e.getKey() != expect || Double.longBitsToDouble(e.getValue()) != expect) {
              throw new AssertionError("sample " + e + " where " + expect + " was due");
            }
            expect++;
          }
          seen = got.isEmpty() ? 0 : got.lastKey();
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    reader.start();
    started.await();
    for (long t = 1; t <= total; t++) {
      s.add(t, t, RANGE, 0, Long.MIN_VALUE);
      if (t % 5_000 == 0) {
        s.truncateBefore(t - 2_000);
      }
    }
    reader.join();
    assertThat(failure.get()).isNull();
  }
}
