package io.bongsu.metrics.storage;

import io.bongsu.common.labels.LabelMatcher;
import java.util.List;

/** A read view over one time range; its results do not change while it is open. */
public interface Querier extends AutoCloseable {
  /** Series matching every matcher, sorted by labels, each holding samples of this range only. */
  List<Series> select(List<LabelMatcher> matchers);

  /** Sorted label names of series matching the matchers (all series when empty). */
  List<String> labelNames(List<LabelMatcher> matchers);

  /** Sorted values of one label on series matching the matchers (all series when empty). */
  List<String> labelValues(String name, List<LabelMatcher> matchers);

  @Override
  void close();
}
