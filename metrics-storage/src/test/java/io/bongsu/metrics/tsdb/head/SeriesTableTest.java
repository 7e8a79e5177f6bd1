package io.bongsu.metrics.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
  private static Labels labels(int i) {
    return Labels.of("__name__", "m" + (i % 7), "id", Integer.toString(i));
  }

  /** Operations: a positive number adds that series (if absent), a negative one removes it. */
  @Property
  void behavesLikeAMapThroughAddsRemovalsAndRebuilds(
      @ForAll @Size(max = 2000) List<@IntRange(min = -300, max = 300) Integer> ops,
      @ForAll @IntRange(min = 0, max = 100) int expected) {
    SeriesTable table = new SeriesTable(expected);
    Map<Labels, MemSeries> model = new HashMap<>();
    for (int op : ops) {
      Labels l = labels(Math.abs(op));
      if (op >= 0) {
        if (!model.containsKey(l)) {
          MemSeries s = new MemSeries(op + 1, l);
          table.add(s);
          model.put(l, s);
        }
      } else {
        MemSeries s = model.remove(l);
        assertThat(table.remove(s == null ? new MemSeries(1, l) : s)).isEqualTo(s != null);
      }
    }
    assertThat(table.size()).isEqualTo(model.size());
    for (int i = 0; i <= 300; i++) {
      assertThat(table.get(labels(i))).isSameAs(model.get(labels(i)));
    }
    assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
  }

  @Test
  void removingMatchesTheInstanceNotJustTheLabels() {
    SeriesTable table = new SeriesTable(0);
    MemSeries s = new MemSeries(1, labels(1));
    table.add(s);
    assertThat(table.remove(new MemSeries(2, labels(1)))).isFalse();
    assertThat(table.get(labels(1))).isSameAs(s);
  }

  @Test
  void presizedTableDoesNotRebuildAndStillGrowsBeyond() {
    SeriesTable table = new SeriesTable(0);
    table.ensureCapacity(1000);
    for (int i = 0; i < 5000; i++) {
      table.add(new MemSeries(i + 1, labels(i)));
    }
    for (int i = 0; i < 5000; i++) {
      assertThat(table.get(labels(i)).ref).isEqualTo(i + 1);
    }
  }

  @Test
  void lookupsWhileTheTableGrowsFindEverySeriesAddedBeforeThem() throws Exception {
    SeriesTable table = new SeriesTable(0);
    int total = 100_000;
    int[] published = {0};
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Object lock = new Object();
    Thread reader = new Thread(() -> {
      try {
        int seen = 0;
        while (seen < total) {
          int upTo;
          synchronized (lock) {
            upTo = published[0];
          }
          for (int i = Math.max(0, upTo - 50); i < upTo; i++) {
            MemSeries s = table.get(labels(i));
            if (s == null || s.ref != i + 1) {
              throw new AssertionError("series " + i + " not found after it was added");
            }
          }
          seen = upTo;
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    reader.start();
    for (int i = 0; i < total; i++) {
      synchronized (lock) {
        table.add(new MemSeries(i + 1, labels(i)));
        published[0] = i + 1;
      }
    }
    reader.join();
    assertThat(failure.get()).isNull();
  }
}
