package io.bongsu.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.tsdb.block.BlockBuilder;
import io.bongsu.metrics.tsdb.block.BlockMeta;
import io.bongsu.metrics.tsdb.block.BlockReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks of both chunk formats in one database: read, merged and compacted together. */
class MixedBlockFormatsTest {
  private static final long RANGE = 600_000;
  @TempDir Path dir;

  private static final Labels COUNTER = Labels.of("__name__", "cpu_seconds_total", "cpu", "0");
  private static final Labels GAUGE = Labels.of("__name__", "temperature", "sensor", "a");
  private static final Labels ODD = Labels.of("__name__", "odd", "job", "x");

  private static double value(Labels l, long t, SplittableRandom rng) {
    if (l == COUNTER) {
      return (t / 1000 * 37 + rng.nextInt(100)) / 100.0;
    }
    if (l == GAUGE) {
      return 20 + rng.nextGaussian();
    }
    long k = t / 15_000 % 7;
    return k == 0 ? StaleMarker.VALUE : k == 1 ? -0.0 : k == 2 ? Double.NaN
        : k == 3 ? Double.POSITIVE_INFINITY : k * 0.1;
  }

  /** Writes [from, to) for every series in {@code format}; returns what it wrote. */
  private void write(long from, long to, BlockBuilder.Format format,
      Map<String, List<String>> expected) throws IOException {
    SplittableRandom rng = new SplittableRandom(from);
    try (BlockWriter w = BlockWriter.create(dir, RANGE, 1_000_000, format)) {
      for (long t = from; t < to; t += 15_000) {
        for (Labels l : List.of(COUNTER, GAUGE, ODD)) {
          double v = value(l, t, rng);
          w.add(l, t, v);
          expected.computeIfAbsent(l.toString(), k -> new ArrayList<>()).add(sample(t, v));
        }
      }
    }
  }

  private static String sample(long t, double v) {
    return t + "=" + Long.toHexString(Double.doubleToRawLongBits(v));
  }

  private static Map<String, List<String>> read(Tsdb db) {
    Map<String, List<String>> out = new TreeMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (Series s : q.select(List.of(LabelMatcher.of(LabelMatcher.Type.RE, "__name__", ".+")))) {
        List<String> samples = new ArrayList<>();
        SampleIterator it = s.iterator();
        while (it.next()) {
          samples.add(sample(it.timestamp(), it.value()));
        }
        out.put(s.labels().toString(), samples);
      }
    }
    return out;
  }

  private List<BlockBuilder.Format> formats(Tsdb db) throws IOException {
    List<BlockBuilder.Format> out = new ArrayList<>();
    for (BlockMeta m : db.blocks()) {
      out.add(new BlockReader(dir.resolve(m.id())).format());
    }
    return out;
  }

  @Test
  void oldAndNewBlocksAreReadAndCompactedIntoTheNewFormatBitExact() throws IOException {
    Map<String, List<String>> expected = new TreeMap<>();
    write(0, 3 * RANGE, BlockBuilder.Format.GORILLA, expected);
    write(3 * RANGE, 6 * RANGE, BlockBuilder.Format.DECIMAL, expected);
    TsdbOptions opts = TsdbOptions.defaults().withBlockRange(RANGE)
        .withBackgroundMaintenance(false).withRetention(100 * RANGE, 0);
    try (Tsdb db = Tsdb.open(dir, opts)) {
      assertThat(formats(db)).containsExactly(BlockBuilder.Format.GORILLA,
          BlockBuilder.Format.GORILLA, BlockBuilder.Format.GORILLA, BlockBuilder.Format.DECIMAL,
          BlockBuilder.Format.DECIMAL, BlockBuilder.Format.DECIMAL);
      assertThat(read(db)).isEqualTo(expected);
      db.compact();
      assertThat(db.blocks()).extracting(BlockMeta::minTime).containsExactly(0L, 3 * RANGE);
      assertThat(formats(db)).containsOnly(BlockBuilder.Format.DECIMAL);
      assertThat(read(db)).isEqualTo(expected);
    }
  }

  @Test
  void overlappingBlocksOfBothFormatsMerge() throws IOException {
    Map<String, List<String>> expected = new TreeMap<>();
    write(0, RANGE / 2, BlockBuilder.Format.GORILLA, expected);
    write(RANGE / 2, RANGE, BlockBuilder.Format.DECIMAL, expected);
    try (Tsdb db = Tsdb.open(dir, TsdbOptions.defaults().withBlockRange(RANGE)
        .withBackgroundMaintenance(false))) {
      assertThat(db.blocks()).hasSize(2);
      assertThat(read(db)).isEqualTo(expected);
    }
  }

  @Test
  void theNewFormatIsSmallerForMetricData() throws IOException {
    Path old = dir.resolve("old");
    Path neu = dir.resolve("new");
    SplittableRandom rng = new SplittableRandom(1);
    try (BlockWriter a = BlockWriter.create(old, RANGE, 1_000_000, BlockBuilder.Format.GORILLA);
        BlockWriter b = BlockWriter.create(neu, RANGE, 1_000_000, BlockBuilder.Format.DECIMAL)) {
      for (int s = 0; s < 50; s++) {
        Labels l = Labels.of("__name__", "bytes_total", "instance", "h" + s);
        double v = 0;
        for (long t = 0; t < RANGE; t += 15_000) {
          v += 1000 + rng.nextInt(500);
          a.add(l, t, v);
          b.add(l, t, v);
        }
      }
    }
    assertThat(chunkBytes(neu)).isLessThan(chunkBytes(old) * 3 / 4);
  }

  private static long chunkBytes(Path db) throws IOException {
    long n = 0;
    try (var l = java.nio.file.Files.list(db)) {
      for (Path b : l.toList()) {
        n += new BlockReader(b).chunkBytes();
      }
    }
    return n;
  }
}
