package io.bongsu.metrics.api;

import io.bongsu.common.labels.Labels;
import java.util.List;

/** Metric metadata (TYPE, HELP, UNIT) per target, as the scrape loops last saw it. */
@FunctionalInterface
public interface MetadataSource {
  MetadataSource NONE = List::of;

  List<Entry> metadata();

  /**
   * @param target the target's labels
   * @param type counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown
   */
  record Entry(Labels target, String metric, String type, String help, String unit) {}
}
