package io.bongsu.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.tsdb.query.ArrayChunkRef;
import io.bongsu.metrics.tsdb.query.ChunkRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class QuerierMergeTest {
  /**
   * Sources are sets of series numbers; each series' chunk is tagged with (source, number), so
   * the reference is a TreeMap from labels to the tags in source order.
   */
  @Property(tries = 300)
  void mergeEmitsEachSeriesOnceInLabelOrderWithChunksInSourceOrder(
      @ForAll @Size(max = 4) List<@Size(max = 30) List<@IntRange(max = 60) Integer>> sources) {
    List<List<Tsdb.Found>> lists = new ArrayList<>();
    TreeMap<Labels, List<Long>> want = new TreeMap<>();
    for (int s = 0; s < sources.size(); s++) {
      List<Tsdb.Found> found = new ArrayList<>();
      for (int x : new TreeSet<>(sources.get(s))) {
        Labels l = labels(x);
        long tag = s * 1000L + x;
        List<ChunkRef> chunks = new ArrayList<>();
        chunks.add(new ArrayChunkRef(new long[] {tag}, new double[] {0}, 1));
        found.add(new Tsdb.Found(l, chunks));
        want.computeIfAbsent(l, k -> new ArrayList<>()).add(tag);
      }
      found.sort(null);
      lists.add(found);
    }
    List<Labels> gotOrder = new ArrayList<>();
    List<List<Long>> gotTags = new ArrayList<>();
    Tsdb.mergeSorted(lists, (l, chunks) -> {
      gotOrder.add(l);
      List<Long> tags = new ArrayList<>();
      for (ChunkRef c : chunks) {
        tags.add(c.minT);
      }
      gotTags.add(tags);
    });
    assertThat(gotOrder).containsExactlyElementsOf(want.keySet());
    List<List<Long>> wantTags = new ArrayList<>();
    for (Map.Entry<Labels, List<Long>> e : want.entrySet()) {
      wantTags.add(e.getValue());
    }
    assertThat(gotTags).isEqualTo(wantTags);
  }

  /** Label sets whose order differs from their numbers' order, with shared prefixes. */
  private static Labels labels(int x) {
    return x % 3 == 0
        ? Labels.of("__name__", "m" + (x % 7), "i", Integer.toString(x))
        : Labels.of("__name__", "m" + (x % 7), "i", Integer.toString(x), "z", "1");
  }
}
