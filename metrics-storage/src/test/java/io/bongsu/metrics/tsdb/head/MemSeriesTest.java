package io.bongsu.metrics.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.SampleRejectedException.Reason;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import io.bongsu.metrics.tsdb.query.SeriesChunks;
import io.bongsu.metrics.tsdb.query.XorChunkRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemSeriesTest {
  private static final long RANGE = 1_000_000;

  private static List<Long> timestamps(MemSeries s) {
    List<ChunkRef> refs = new ArrayList<>();
    s.snapshot(refs, Long.MIN_VALUE, Long.MAX_VALUE);
    SampleIterator it = new SeriesChunks(s.labels, refs, Long.MIN_VALUE, Long.MAX_VALUE).iterator();
    List<Long> out = new ArrayList<>();
    while (it.next()) {
      out.add(it.timestamp());
    }
    return out;
  }

  @Test
  void chunksAreCutAtTheTargetSizeAndAtBlockBoundaries() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    for (long t = 0; t < 300; t++) {
      assertThat(s.add(t, t, RANGE, 0, Long.MIN_VALUE)).isEqualTo(1);
    }
    assertThat(s.chunkCount()).isEqualTo(3);
    s.add(RANGE, 1, RANGE, 0, Long.MIN_VALUE);
    assertThat(s.chunkCount()).isEqualTo(4);
  }

  @Test
  void truncatingInsideAChunkKeepsExactlyTheLaterSamples() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    for (long t = 0; t < 200; t++) {
      s.add(t, t, RANGE, 0, Long.MIN_VALUE);
    }
    List<BlockBuilder.Chunk> before = s.chunksBefore(150);
    assertThat(before.stream().mapToInt(BlockBuilder.Chunk::count).sum()).isEqualTo(150);
    assertThat(before.get(before.size() - 1).maxT()).isEqualTo(149);
    assertThat(s.truncateBefore(150)).isFalse();
    assertThat(timestamps(s)).hasSize(50).startsWith(150L).endsWith(199L);
    assertThat(s.minTime()).isEqualTo(150);
    assertThat(s.add(200, 200, RANGE, 0, Long.MIN_VALUE)).isEqualTo(1);
    assertThat(s.truncateBefore(1000)).isTrue();
    assertThat(s.isRemoved()).isTrue();
  }

  /** The open chunk's array, as a reader would share it. */
  private static byte[] openChunkArray(MemSeries s) {
    List<ChunkRef> refs = new ArrayList<>();
    s.snapshot(refs, Long.MIN_VALUE, Long.MAX_VALUE);
    return ((XorChunkRef) refs.get(refs.size() - 1)).data;
  }

  @Test
  void aChunkAfterAFinishedOneIsSizedFromItAndCopiedAtMostOnce() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    long t = 0;
    double v = 0;
    for (int i = 0; i < MemSeries.TARGET_SAMPLES; i++, t += 15_000) {
      v += (i * 7919 % 1000) / 100.0;
      s.add(t, v, Long.MAX_VALUE / 2, 0, Long.MIN_VALUE);
    }
    List<byte[]> arrays = new ArrayList<>();
    for (int i = 0; i < MemSeries.TARGET_SAMPLES; i++, t += 15_000) {
      v += (i * 7919 % 1000) / 100.0;
      s.add(t, v, Long.MAX_VALUE / 2, 0, Long.MIN_VALUE);
      byte[] open = openChunkArray(s);
      if (arrays.isEmpty() || arrays.get(arrays.size() - 1) != open) {
        arrays.add(open);
      }
    }
    assertThat(s.chunkCount()).isEqualTo(2);
    assertThat(arrays).hasSizeLessThanOrEqualTo(2);
    assertThat(timestamps(s)).hasSize(2 * MemSeries.TARGET_SAMPLES);
  }

  @Test
  void anEmptySeriesIsKeptWhileAnAppenderHoldsIt() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    assertThat(s.checkPending(100, 1, 0, Long.MIN_VALUE, 0, true)).isTrue();
    assertThat(s.truncateBefore(1000)).isFalse();
    s.release();
    assertThat(s.truncateBefore(1000)).isTrue();
  }

  @Test
  void samplesPendingInTheAppenderAreJudgedLikeStoredOnes() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    s.add(100, 1, RANGE, 0, Long.MIN_VALUE);
    long pendingBits = Double.doubleToRawLongBits(2.0);
    assertThat(s.checkPending(200, 2, 0, 200, pendingBits, false)).isFalse();
    assertThatThrownBy(() -> s.checkPending(200, 3, 0, 200, pendingBits, false))
        .isInstanceOfSatisfying(SampleRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_TIMESTAMP));
    assertThatThrownBy(() -> s.checkPending(150, 3, 0, 200, pendingBits, false))
        .isInstanceOfSatisfying(SampleRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.OUT_OF_ORDER));
    assertThat(s.checkPending(150, 3, 60, 200, pendingBits, false)).isTrue();
    assertThat(s.checkPending(300, 3, 0, 200, pendingBits, false)).isTrue();
  }

  @Test
  void lateSamplesWithinTheWindowAreKeptSortedAndDeduplicated() {
    MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
    s.add(100, 1, RANGE, 50, Long.MIN_VALUE);
    assertThat(s.add(70, 2, RANGE, 50, Long.MIN_VALUE)).isEqualTo(1);
    assertThat(s.add(60, 3, RANGE, 50, Long.MIN_VALUE)).isEqualTo(1);
    assertThat(s.add(60, 3, RANGE, 50, Long.MIN_VALUE)).isZero();
    assertThat(s.add(60, 4, RANGE, 50, Long.MIN_VALUE)).isEqualTo(-1);
    assertThat(s.add(40, 5, RANGE, 50, Long.MIN_VALUE)).isEqualTo(-1);
    assertThat(s.add(90, 5, RANGE, 50, 95)).isEqualTo(-1);
    assertThat(timestamps(s)).containsExactly(60L, 70L, 100L);
    assertThat(s.chunksBefore(80)).singleElement()
        .satisfies(c -> assertThat(c.count()).isEqualTo(2));
  }
}
