package io.bongsu.metrics.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.SampleRejectedException.Reason;
import io.bongsu.metrics.storage.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random single-sample commits against a model of the acceptance rules, before and after restart. */
class OutOfOrderModelTest {
  record Op(int series, long t, double v) {}

  @Provide
  Arbitrary<Op> op() {
    return Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.longs().between(0, 300), Arbitraries.integers().between(0, 3).map(i -> i * 1.0))
        .as(Op::new);
  }

  @Provide
  Arbitrary<Long> window() {
    return Arbitraries.of(0L, 25L, 1000L);
  }

  @Property(tries = 150)
  void acceptanceAndQueriesFollowTheModel(@ForAll @Size(max = 80) List<@net.jqwik.api.From("op") Op> ops,
      @ForAll("window") long window) throws IOException {
    Path dir = Files.createTempDirectory("ooo-model");
    TsdbOptions opts = TsdbOptions.defaults().withOutOfOrderWindow(window)
        .withBackgroundMaintenance(false);
    List<Map<Long, Double>> model = new ArrayList<>();
    long[] maxT = new long[3];
    for (int i = 0; i < 3; i++) {
      model.add(new TreeMap<>());
      maxT[i] = Long.MIN_VALUE;
    }
    try {
      try (Tsdb db = Tsdb.open(dir, opts)) {
        for (Op op : ops) {
          Reason want = expected(model.get(op.series()), maxT[op.series()], op, window);
          Reason got = null;
          try {
            Appender a = db.appender();
            a.append(0, labels(op.series()), op.t(), op.v());
            a.commit();
          } catch (SampleRejectedException e) {
            got = e.reason();
          }
          assertThat(got).as("%s", op).isEqualTo(want);
          if (want == null) {
            model.get(op.series()).putIfAbsent(op.t(), op.v());
            maxT[op.series()] = Math.max(maxT[op.series()], op.t());
          }
        }
        assertThat(read(db)).isEqualTo(render(model));
      }
      try (Tsdb db = Tsdb.open(dir, opts)) {
        assertThat(read(db)).isEqualTo(render(model));
        db.flushHead();
        assertThat(read(db)).isEqualTo(render(model));
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Reason expected(Map<Long, Double> samples, long max, Op op, long window) {
    if (op.t() > max) {
      return null;
    }
    if (op.t() == max) {
      return samples.get(max) == op.v() ? null : Reason.DUPLICATE_TIMESTAMP;
    }
    if (window == 0 || op.t() < max - window) {
      return Reason.OUT_OF_ORDER;
    }
    Double stored = samples.get(op.t());
    return stored == null || stored == op.v() ? null : Reason.DUPLICATE_TIMESTAMP;
  }

  private static Labels labels(int series) {
    return Labels.of("__name__", "m", "s", Integer.toString(series));
  }

  private static Map<String, List<String>> render(List<Map<Long, Double>> model) {
    Map<String, List<String>> out = new HashMap<>();
    for (int i = 0; i < model.size(); i++) {
      if (!model.get(i).isEmpty()) {
        List<String> l = new ArrayList<>();
        model.get(i).forEach((t, v) -> l.add(t + "=" + v));
        out.put(labels(i).toString(), l);
      }
    }
    return out;
  }

  private static Map<String, List<String>> read(Tsdb db) {
    Map<String, List<String>> out = new HashMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (Series s : q.select(List.of())) {
        List<String> l = new ArrayList<>();
        SampleIterator it = s.iterator();
        while (it.next()) {
          l.add(it.timestamp() + "=" + it.value());
        }
        out.put(s.labels().toString(), l);
      }
    }
    return out;
  }
}
