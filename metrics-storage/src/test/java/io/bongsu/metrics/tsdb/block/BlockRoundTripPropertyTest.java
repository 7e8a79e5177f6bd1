package io.bongsu.metrics.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.StaleMarker;
import io.bongsu.metrics.tsdb.chunk.XorEncoder;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/** Whatever the chunk holds, a block of either format gives back the same bits. */
class BlockRoundTripPropertyTest {
  @Provide
  Arbitrary<Double> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.doubles()),
        Tuple.of(2, Arbitraries.of(Double.NaN, StaleMarker.VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, 0.1 + 0.2)),
        Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)),
        Tuple.of(4, Arbitraries.integers().between(0, 100_000).map(i -> i / 100.0)));
  }

  @Property(tries = 200)
  void anySamplesRoundTripThroughBothBlockFormats(
      @ForAll @Size(min = 1, max = 250) List<@From("values") Double> vs,
      @ForAll @Size(min = 250, max = 250) List<@net.jqwik.api.constraints.LongRange(
          min = 1, max = 1L << 40) Long> steps) throws IOException {
    long[] ts = new long[vs.size()];
    long t = -1_000_000;
    for (int i = 0; i < ts.length; i++) {
      ts[i] = t;
      t += steps.get(i);
    }
    for (BlockBuilder.Format format : BlockBuilder.Format.values()) {
      Path dir = Files.createTempDirectory("block-prop");
      try {
        List<BlockBuilder.Chunk> chunks = new ArrayList<>();
        for (int from = 0; from < ts.length; from += XorEncoder.TARGET_SAMPLES) {
          XorEncoder e = new XorEncoder();
          int to = Math.min(ts.length, from + XorEncoder.TARGET_SAMPLES);
          for (int i = from; i < to; i++) {
            e.append(ts[i], vs.get(i));
          }
          chunks.add(new BlockBuilder.Chunk(ts[from], ts[to - 1], e.count(), e.array(),
              e.byteCount()));
        }
        BlockBuilder b = new BlockBuilder(dir, ts[0], t, 1, List.of(), format);
        b.addSeries(Labels.of("__name__", "x"), chunks);
        BlockReader r = new BlockReader(dir.resolve(b.finish().id()));
        assertThat(r.format()).isEqualTo(format);
        List<ChunkRef> refs = new ArrayList<>();
        r.series(0, refs);
        int i = 0;
        for (ChunkRef c : refs) {
          SampleIterator it = c.iterator();
          while (it.next()) {
            assertThat(it.timestamp()).isEqualTo(ts[i]);
            assertThat(Double.doubleToRawLongBits(it.value()))
                .isEqualTo(Double.doubleToRawLongBits(vs.get(i)));
            i++;
          }
        }
        assertThat(i).isEqualTo(ts.length);
      } finally {
        BlockBuilder.deleteRecursively(dir);
      }
    }
  }
}
