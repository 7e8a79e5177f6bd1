package io.bongsu.metrics.storage.testing;

import io.bongsu.common.labels.LabelMatcher;
import io.bongsu.common.labels.Labels;
import io.bongsu.metrics.storage.Appender;
import io.bongsu.metrics.storage.Querier;
import io.bongsu.metrics.storage.SampleIterator;
import io.bongsu.metrics.storage.SampleRejectedException;
import io.bongsu.metrics.storage.Series;
import io.bongsu.metrics.storage.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The simplest correct {@link Storage}: every sample in a sorted map, nothing on disk. Tests of
 * writers and readers use it, and the TSDB must give the same answers on the same writes.
 */
public final class MemoryStorage implements Storage {
  private final Map<Labels, ConcurrentSkipListMap<Long, Double>> series =
      new ConcurrentSkipListMap<>();

  @Override
  public Appender appender() {
    return new Appender() {
      private final List<Object[]> pending = new ArrayList<>();

      @Override
      public long append(long ref, Labels labels, long t, double v) {
        if (labels.metricName() == null) {
          throw new SampleRejectedException(
              SampleRejectedException.Reason.INVALID_LABELS, "missing metric name");
        }
        pending.add(new Object[] {labels, t, v});
        return 0;
      }

      @Override
      public void commit() {
        for (Object[] p : pending) {
          series.computeIfAbsent((Labels) p[0], k -> new ConcurrentSkipListMap<>())
              .put((Long) p[1], (Double) p[2]);
        }
        pending.clear();
      }

      @Override
      public void rollback() {
        pending.clear();
      }
    };
  }

  /** Convenience for tests: appends and commits one sample. */
  public void add(Labels labels, long t, double v) {
    Appender a = appender();
    a.append(0, labels, t, v);
    a.commit();
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    return new Querier() {
      @Override
      public List<Series> select(List<LabelMatcher> matchers) {
        List<Series> out = new ArrayList<>();
        for (var e : series.entrySet()) {
          if (!matchesAll(e.getKey(), matchers)) {
            continue;
          }
          var samples = new TreeMap<>(e.getValue().subMap(minTime, true, maxTime, true));
          if (samples.isEmpty()) {
            continue;
          }
          Labels labels = e.getKey();
          out.add(new Series() {
            @Override
            public Labels labels() {
              return labels;
            }

            @Override
            public SampleIterator iterator() {
              return new ListIterator(samples);
            }
          });
        }
        return out;
      }

      @Override
      public void close() {}
    };
  }

  private static boolean matchesAll(Labels labels, List<LabelMatcher> matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {}

  private static final class ListIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private int i = -1;

    ListIterator(TreeMap<Long, Double> samples) {
      ts = new long[samples.size()];
      vs = new double[samples.size()];
      int k = 0;
      for (var e : samples.entrySet()) {
        ts[k] = e.getKey();
        vs[k++] = e.getValue();
      }
    }

    @Override
    public boolean next() {
      return ++i < ts.length;
    }

    @Override
    public boolean seek(long t) {
      if (i < 0) {
        i = 0;
      }
      while (i < ts.length && ts[i] < t) {
        i++;
      }
      return i < ts.length;
    }

    @Override
    public long timestamp() {
      return ts[i];
    }

    @Override
    public double value() {
      return vs[i];
    }
  }
}
