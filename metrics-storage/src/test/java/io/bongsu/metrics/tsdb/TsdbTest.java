package io.bongsu.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.SampleRejectedException.Reason;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.tsdb.block.BlockMeta;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest {
  private static final long RANGE = 600_000;
  private static final Labels UP = Labels.of("__name__", "up", "job", "api");
  @TempDir Path dir;

  private static TsdbOptions options() {
    return TsdbOptions.defaults().withBlockRange(RANGE).withBackgroundMaintenance(false);
  }

  private static void add(Tsdb db, Labels l, long t, double v) {
    Appender a = db.appender();
    a.append(0, l, t, v);
    a.commit();
  }

  /** Samples of each series as t=value strings, with raw value bits for NaNs. */
  private static Map<String, List<String>> read(Tsdb db, long mint, long maxt,
      LabelMatcher... ms) {
    Map<String, List<String>> out = new TreeMap<>();
    try (Querier q = db.querier(mint, maxt)) {
      for (Series s : q.select(List.of(ms))) {
        List<String> samples = new ArrayList<>();
        SampleIterator it = s.iterator();
        while (it.next()) {
          double v = it.value();
          samples.add(it.timestamp() + "=" + (Double.isNaN(v)
              ? Long.toHexString(Double.doubleToRawLongBits(v)) : Double.toString(v)));
        }
        out.put(s.labels().toString(), samples);
      }
    }
    return out;
  }

  private static void assertRejected(ThrowingCallable append, Reason reason) {
    assertThatThrownBy(append).isInstanceOfSatisfying(SampleRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void appendedSamplesAreVisibleOnlyAfterCommit() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      long ref = a.append(0, UP, 1000, 1);
      assertThat(a.append(ref, UP, 2000, StaleMarker.VALUE)).isEqualTo(ref);
      assertThat(read(db, 0, 10_000)).isEmpty();
      a.commit();
      assertThat(read(db, 0, 10_000)).containsEntry(UP.toString(),
          List.of("1000=1.0", "2000=7ff0000000000002"));
      assertThat(read(db, 1500, 10_000).get(UP.toString())).containsExactly("2000=7ff0000000000002");
    }
  }

  @Test
  void aStaleRefWithOtherLabelsFallsBackToTheLabels() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      long ref = a.append(0, UP, 1000, 1);
      Labels other = Labels.of("__name__", "up", "job", "db");
      long otherRef = a.append(ref, other, 1000, 0);
      a.commit();
      assertThat(otherRef).isNotEqualTo(ref);
      assertThat(read(db, 0, 2000)).hasSize(2);
    }
  }

  @Test
  void aRefIsTrustedOnlyForItsOwnLabels() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      long ref = a.append(0, UP, 1000, 1);
      Labels equalCopy = Labels.of("job", "api", "__name__", "up");
      assertThat(a.append(ref, equalCopy, 2000, 2)).isEqualTo(ref);
      assertRejected(() -> a.append(ref, Labels.of("job", "api"), 3000, 3), Reason.INVALID_LABELS);
      a.commit();
      assertThat(read(db, 0, 5000)).containsExactly(
          Map.entry(UP.toString(), List.of("1000=1.0", "2000=2.0")));
    }
  }

  @Test
  void outOfOrderAndConflictingDuplicatesAreRejectedWithTheirReason() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      add(db, UP, 5000, 1);
      Appender a = db.appender();
      assertRejected(() -> a.append(0, UP, 4000, 1), Reason.OUT_OF_ORDER);
      assertRejected(() -> a.append(0, UP, 5000, 2), Reason.DUPLICATE_TIMESTAMP);
      a.append(0, UP, 5000, 1);
      a.append(0, UP, 6000, 3);
      assertRejected(() -> a.append(0, UP, 5500, 1), Reason.OUT_OF_ORDER);
      assertRejected(() -> a.append(0, Labels.of("job", "x"), 7000, 1), Reason.INVALID_LABELS);
      a.commit();
      assertThat(read(db, 0, 10_000).get(UP.toString())).containsExactly("5000=1.0", "6000=3.0");
    }
  }

  @Test
  void eachAppenderJudgesSamplesAgainstItsOwnPendingOnes() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      Appender b = db.appender();
      a.append(0, UP, 6000, 1);
      b.append(0, UP, 5000, 2);
      assertRejected(() -> a.append(0, UP, 5000, 2), Reason.OUT_OF_ORDER);
      b.commit();
      a.commit();
      assertThat(read(db, 0, 10_000).get(UP.toString())).containsExactly("5000=2.0", "6000=1.0");
    }
  }

  @Test
  void aRolledBackAppenderForgetsItsPendingSamples() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      a.append(0, UP, 6000, 1);
      a.rollback();
      a.append(0, UP, 5000, 2);
      a.append(0, UP, 6000, 3);
      a.commit();
      assertThat(read(db, 0, 10_000).get(UP.toString())).containsExactly("5000=2.0", "6000=3.0");
    }
  }

  @Test
  void aBatchOfManySeriesChecksEachAgainstItsOwnLatestPendingSample() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      int series = 1000;
      for (long t = 1000; t <= 3000; t += 1000) {
        for (int i = 0; i < series; i++) {
          a.append(0, Labels.of("__name__", "m", "i", Integer.toString(i)), t, t + i);
        }
      }
      for (int i = 0; i < series; i++) {
        Labels l = Labels.of("__name__", "m", "i", Integer.toString(i));
        int v = i;
        assertRejected(() -> a.append(0, l, 2000, v), Reason.OUT_OF_ORDER);
        assertRejected(() -> a.append(0, l, 3000, v), Reason.DUPLICATE_TIMESTAMP);
        a.append(0, l, 3000, 3000 + i);
      }
      a.commit();
      Map<String, List<String>> all = read(db, 0, 10_000);
      assertThat(all).hasSize(series);
      assertThat(all.get(Labels.of("__name__", "m", "i", "7").toString()))
          .containsExactly("1000=1007.0", "2000=2007.0", "3000=3007.0");
      assertThat(all.values()).allSatisfy(v -> assertThat(v).hasSize(3));
    }
  }

  @Test
  void aSeriesHeldByAnAppenderSurvivesHeadTruncationUntilCommit() throws IOException {
    Labels fresh = Labels.of("__name__", "fresh");
    try (Tsdb db = Tsdb.open(dir, options())) {
      add(db, UP, 1000, 1);
      Appender a = db.appender();
      a.append(0, fresh, 5000, 2);
      db.flushHead();
      a.commit();
      assertThat(read(db, 0, 10_000).get(fresh.toString())).containsExactly("5000=2.0");
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      assertThat(read(db, 0, 10_000).get(fresh.toString())).containsExactly("5000=2.0");
    }
  }

  @Test
  void aSampleFarInTheFutureIsRefusedAndDoesNotPushCurrentDataOutOfTheHead() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      long now = System.currentTimeMillis();
      Appender a = db.appender();
      assertRejected(() -> a.append(0, UP, now + 24 * 3_600_000L, 1), Reason.OUT_OF_BOUNDS);
      a.append(0, UP, now + 60_000, 2);
      a.commit();
      db.maintain();
      add(db, UP, now + 120_000, 3);
      assertThat(read(db, now, now + 200_000).get(UP.toString()))
          .containsExactly((now + 60_000) + "=2.0", (now + 120_000) + "=3.0");
    }
  }

  @Test
  void replayAfterACheckpointRebuildsSortedPostingsFromRefsInAnyOrder() throws IOException {
    int n = 300;
    try (Tsdb db = Tsdb.open(dir, options())) {
      for (int i = n - 1; i >= 0; i--) {
        add(db, Labels.of("__name__", "m", "i", Integer.toString(i), "odd", Integer.toString(i % 2)),
            1000, i);
      }
      for (int i = 0; i < n; i++) {
        add(db, Labels.of("__name__", "m", "i", Integer.toString(i), "odd", Integer.toString(i % 2)),
            3 * RANGE, i);
      }
      db.maintain();
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      Map<String, List<String>> odd = read(db, 2 * RANGE, 4 * RANGE,
          LabelMatcher.eq("odd", "1"), LabelMatcher.of(LabelMatcher.Type.RE, "i", "1.*"));
      assertThat(odd).hasSize(56);
      assertThat(read(db, 2 * RANGE, 4 * RANGE, LabelMatcher.eq("__name__", "m"))).hasSize(n);
    }
  }

  @Test
  void outOfOrderWindowKeepsLateSamplesMergedInOrder() throws IOException {
    TsdbOptions opts = options().withOutOfOrderWindow(60_000);
    try (Tsdb db = Tsdb.open(dir, opts)) {
      add(db, UP, 100_000, 1);
      add(db, UP, 130_000, 4);
      add(db, UP, 110_000, 2);
      add(db, UP, 120_000, 3);
      add(db, UP, 120_000, 3);
      assertRejected(() -> add(db, UP, 120_000, 5), Reason.DUPLICATE_TIMESTAMP);
      assertRejected(() -> add(db, UP, 100_000, 5), Reason.DUPLICATE_TIMESTAMP);
      add(db, UP, 100_000, 1);
      assertRejected(() -> add(db, UP, 60_000, 0), Reason.OUT_OF_ORDER);
      List<String> want = List.of("100000=1.0", "110000=2.0", "120000=3.0", "130000=4.0");
      assertThat(read(db, 0, 200_000).get(UP.toString())).isEqualTo(want);
      assertThat(read(db, 105_000, 125_000).get(UP.toString()))
          .containsExactly("110000=2.0", "120000=3.0");
    }
    try (Tsdb db = Tsdb.open(dir, opts)) {
      assertThat(read(db, 0, 200_000).get(UP.toString())).hasSize(4);
      db.flushHead();
      assertThat(db.blocks()).hasSize(1);
      assertThat(read(db, 0, 200_000).get(UP.toString()))
          .containsExactly("100000=1.0", "110000=2.0", "120000=3.0", "130000=4.0");
    }
  }

  @Test
  void restartReplaysTheWalIntoTheHead() throws IOException {
    Map<String, List<String>> before;
    try (Tsdb db = Tsdb.open(dir, options())) {
      for (int i = 0; i < 500; i++) {
        Appender a = db.appender();
        for (int s = 0; s < 10; s++) {
          a.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), i * 15_000L, i * s);
        }
        a.commit();
      }
      before = read(db, Long.MIN_VALUE, Long.MAX_VALUE);
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      assertThat(db.replayReport().truncated()).isFalse();
      assertThat(read(db, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(before);
      assertThat(db.stats().numSeries()).isEqualTo(10);
      add(db, Labels.of("__name__", "m", "s", "0"), 500 * 15_000L, 1);
      assertThatThrownBy(() -> add(db, Labels.of("__name__", "m", "s", "1"), 1, 1))
          .isInstanceOf(SampleRejectedException.class);
    }
  }

  @Test
  void aTornWalTailLosesOnlyTheTornCommitAndIsReported() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      add(db, UP, 1000, 1);
      add(db, UP, 2000, 2);
    }
    Path seg;
    try (var files = Files.list(dir.resolve("wal"))) {
      seg = files.filter(p -> p.getFileName().toString().matches("\\d{8}")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 3);
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      assertThat(db.replayReport().truncated()).isTrue();
      assertThat(read(db, 0, 5000).get(UP.toString())).containsExactly("1000=1.0");
      add(db, UP, 3000, 3);
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      assertThat(db.replayReport().truncated()).isFalse();
      assertThat(read(db, 0, 5000).get(UP.toString())).containsExactly("1000=1.0", "3000=3.0");
    }
  }

  @Test
  void headIsCutIntoBlocksAndQueriesSpanBlocksAndHead() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      for (long t = 0; t < 4 * RANGE; t += 10_000) {
        add(db, UP, t, t / 1000.0);
      }
      Map<String, List<String>> before = read(db, Long.MIN_VALUE, Long.MAX_VALUE);
      db.maintain();
      // Three cuts of one range each, whose closed 3-range window compaction then merges.
      assertThat(db.blocks()).singleElement().satisfies(b -> {
        assertThat(b.minTime()).isZero();
        assertThat(b.maxTime()).isEqualTo(3 * RANGE);
        assertThat(b.parents()).hasSize(3);
      });
      assertThat(db.stats().headMinTime()).isGreaterThanOrEqualTo(3 * RANGE);
      assertThat(read(db, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(before);
      assertThat(read(db, RANGE - 20_000, RANGE + 20_000).get(UP.toString())).hasSize(5);
      assertRejected(() -> add(db, UP, 10_000, 1), Reason.OUT_OF_BOUNDS);
      try (var files = Files.list(dir.resolve("wal"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .anyMatch(n -> n.startsWith("checkpoint."));
      }
    }
    try (Tsdb db = Tsdb.open(dir, options())) {
      List<String> samples = read(db, Long.MIN_VALUE, Long.MAX_VALUE).get(UP.toString());
      assertThat(samples).hasSize((int) (4 * RANGE / 10_000));
      assertThat(samples.get(0)).isEqualTo("0=0.0");
    }
  }

  @Test
  void compactionMergesClosedWindowsAndKeepsEverySample() throws IOException {
    TsdbOptions opts = options().withRetention(100 * RANGE, 0);
    try (Tsdb db = Tsdb.open(dir, opts)) {
      assertThat(db.compactionRanges()).containsExactly(RANGE, 3 * RANGE, 9 * RANGE);
      for (long t = 0; t < 10 * RANGE; t += 30_000) {
        Appender a = db.appender();
        a.append(0, UP, t, t);
        a.append(0, Labels.of("__name__", "other"), t + 1, -t);
        a.commit();
      }
      Map<String, List<String>> before = read(db, Long.MIN_VALUE, Long.MAX_VALUE);
      db.flushHead();
      assertThat(db.blocks()).hasSize(10);
      db.compact();
      List<BlockMeta> blocks = db.blocks();
      assertThat(blocks).extracting(BlockMeta::minTime).containsExactly(0L, 9 * RANGE);
      assertThat(blocks.get(0).maxTime()).isEqualTo(9 * RANGE);
      assertThat(blocks.get(0).level()).isEqualTo(3);
      assertThat(read(db, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(before);
    }
    try (Tsdb db = Tsdb.open(dir, opts); var files = Files.list(dir)) {
      assertThat(db.blocks()).hasSize(2);
      assertThat(files.filter(Files::isDirectory).count()).as("two blocks and the WAL").isEqualTo(3);
    }
  }

  @Test
  void retentionDeletesWholeBlocksByTimeAndBySize() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options().withRetention(3 * RANGE, 0))) {
      for (long t = 0; t < 6 * RANGE; t += 60_000) {
        add(db, UP, t, 1);
      }
      db.flushHead();
      db.applyRetention();
      assertThat(db.blocks()).extracting(BlockMeta::minTime)
          .containsExactly(2 * RANGE, 3 * RANGE, 4 * RANGE, 5 * RANGE);
      assertThat(read(db, 0, 2 * RANGE - 1)).isEmpty();
      assertThat(read(db, 0, 2 * RANGE)).isNotEmpty();
    }
    try (Tsdb db = Tsdb.open(dir, options().withRetention(100 * RANGE, 1))) {
      db.applyRetention();
      assertThat(db.blocks()).isEmpty();
    }
  }

  @Test
  void backfilledHistoryIsQueryableAndMergesWithOverlaps() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      add(db, UP, 10 * RANGE, 9);
      try (BlockWriter w = db.blockWriter()) {
        for (long t = 2 * RANGE; t >= 0; t -= 60_000) {
          w.add(UP, t, t);
        }
        w.add(UP, 0, -1);
        w.flush();
        w.add(UP, 30_000, 0.5);
      }
      List<String> samples = read(db, Long.MIN_VALUE, Long.MAX_VALUE).get(UP.toString());
      assertThat(samples).hasSize(2 * (int) (RANGE / 60_000) + 3);
      assertThat(samples.subList(0, 3)).containsExactly("0=-1.0", "30000=0.5", "60000=60000.0");
      assertThat(samples.get(samples.size() - 1)).isEqualTo(10 * RANGE + "=9.0");
      assertThat(db.blocks()).allSatisfy(b -> assertThat(b.minTime() % RANGE).isZero());
    }
  }

  @Test
  void statsDescribeTheHead() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      Appender a = db.appender();
      for (int i = 0; i < 12; i++) {
        a.append(0, Labels.of("__name__", "node_cpu", "cpu", Integer.toString(i)), 1000, i);
      }
      a.append(0, UP, 2000, 1);
      a.commit();
      TsdbStats s = db.stats();
      assertThat(s.numSeries()).isEqualTo(13);
      assertThat(s.numLabelPairs()).isEqualTo(2 + 12 + 1);
      assertThat(s.headMinTime()).isEqualTo(1000);
      assertThat(s.headMaxTime()).isEqualTo(2000);
      assertThat(s.headChunks()).isEqualTo(13);
      assertThat(s.samplesAppended()).isEqualTo(13);
      assertThat(s.seriesCountByMetricName())
          .containsExactly(new TsdbStats.Entry("node_cpu", 12), new TsdbStats.Entry("up", 1));
      assertThat(s.labelValueCountByLabelName().get(0)).isEqualTo(new TsdbStats.Entry("cpu", 12));
      assertThat(s.seriesCountByLabelValuePair().get(0))
          .isEqualTo(new TsdbStats.Entry("__name__=node_cpu", 12));
      assertThat(s.memoryInBytesByLabelName()).hasSize(3);
      assertThat(s.diskBytes()).isPositive();
    }
  }

  @Test
  void concurrentWritersAndReadersSeeConsistentSeries() throws Exception {
    try (Tsdb db = Tsdb.open(dir, options())) {
      ExecutorService pool = Executors.newFixedThreadPool(5);
      AtomicBoolean done = new AtomicBoolean();
      List<Future<?>> writers = new ArrayList<>();
      // Writers move in step: a writer far behind the others would fall before the head and be
      // rejected as out of bounds once maintenance cuts a block, which is correct but not tested here.
      CyclicBarrier step = new CyclicBarrier(4);
      for (int w = 0; w < 4; w++) {
        int id = w;
        writers.add(pool.submit(() -> {
          long[] refs = new long[50];
          for (int i = 0; i < 400; i++) {
            step.await(1, TimeUnit.MINUTES);
            Appender a = db.appender();
            for (int s = 0; s < 50; s++) {
              Labels l = Labels.of("__name__", "load", "writer", Integer.toString(id),
                  "s", Integer.toString(s));
              refs[s] = a.append(refs[s], l, i * 5_000L, i);
            }
            a.commit();
          }
          return null;
        }));
      }
      Future<?> reader = pool.submit(() -> {
        while (!done.get()) {
          try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (Series s : q.select(List.of(LabelMatcher.eq("__name__", "load")))) {
              SampleIterator it = s.iterator();
              long prev = Long.MIN_VALUE;
              while (it.next()) {
                assertThat(it.timestamp()).isGreaterThan(prev);
                prev = it.timestamp();
              }
            }
          }
          db.maintain();
        }
        return null;
      });
      for (Future<?> f : writers) {
        f.get(2, TimeUnit.MINUTES);
      }
      done.set(true);
      reader.get(1, TimeUnit.MINUTES);
      pool.shutdown();
      Map<String, List<String>> all = read(db, Long.MIN_VALUE, Long.MAX_VALUE);
      assertThat(all).hasSize(200);
      assertThat(all.values()).allSatisfy(v -> assertThat(v).hasSize(400));
    }
  }

  @Test
  void flushingMidChunkSplitsItBetweenBlockAndHeadWithoutDuplicates() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      for (long t = 0; t < 100_000; t += 1_000) {
        add(db, UP, t, t);
      }
      db.flushHead();
      for (long t = 100_000; t < 200_000; t += 1_000) {
        add(db, UP, t, t);
      }
      assertThat(db.blocks()).singleElement().satisfies(b -> {
        assertThat(b.maxTime()).isEqualTo(99_001);
        assertThat(b.numSamples()).isEqualTo(100);
      });
      db.flushHead();
      assertThat(db.blocks()).hasSize(2);
      assertThat(db.blocks().get(1).numSamples()).isEqualTo(100);
      assertThat(db.stats().numSeries()).isZero();
      List<String> all = read(db, Long.MIN_VALUE, Long.MAX_VALUE).get(UP.toString());
      assertThat(all).hasSize(200).startsWith("0=0.0").endsWith("199000=199000.0");
    }
  }

  @Test
  void aDirectoryIsOpenedByOneTsdbAtATime() throws IOException {
    try (Tsdb db = Tsdb.open(dir, options())) {
      add(db, UP, 1, 1);
      assertThatThrownBy(() -> Tsdb.open(dir, options()))
          .isInstanceOf(IOException.class).hasMessageContaining("in use");
    }
    Tsdb.open(dir, options()).close();
  }

  @Test
  void aClosedTsdbRefusesWorkAndReopens() throws IOException {
    Tsdb db = Tsdb.open(dir, options());
    add(db, UP, 1000, 1);
    db.close();
    db.close();
    assertThatThrownBy(db::appender).isInstanceOf(IllegalStateException.class);
    try (Tsdb again = Tsdb.open(dir, options())) {
      assertThat(read(again, 0, 2000)).hasSize(1);
    }
  }
}
