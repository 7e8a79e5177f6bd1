package io.bongsu.metrics.storage;

import io.bongsu.common.labels.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A read view over one time range; its results do not change while it is open. */
public interface Querier extends AutoCloseable {
  /** Series matching every matcher, sorted by labels, each holding samples of this range only. */
  List<Series> select(List<LabelMatcher> matchers);

  /**
   * Sorted label names of series matching the matchers (all series when empty). Derived from
   * {@link #select} by default; a backend with an index of its own may answer faster.
   */
  default List<String> labelNames(List<LabelMatcher> matchers) {
    TreeSet<String> names = new TreeSet<>();
    for (Series s : select(matchers)) {
      s.labels().forEach((n, v) -> names.add(n));
    }
    return new ArrayList<>(names);
  }

  /** Sorted values of one label on series matching the matchers (all series when empty). */
  default List<String> labelValues(String name, List<LabelMatcher> matchers) {
    TreeSet<String> values = new TreeSet<>();
    for (Series s : select(matchers)) {
      String v = s.labels().get(name);
      if (v != null) {
        values.add(v);
      }
    }
    return new ArrayList<>(values);
  }

  @Override
  void close();
}
