package io.bongsu.metrics.api;

import java.util.List;

/** Cardinality statistics of the head block, for {@code /api/v1/status/tsdb}. */
@FunctionalInterface
public interface TsdbStatsSource {
  TsdbStatsSource NONE = () -> new TsdbStats(new HeadStats(0, 0, 0, 0, 0),
      List.of(), List.of(), List.of(), List.of());

  TsdbStats stats();

  record HeadStats(long numSeries, long numLabelPairs, long chunkCount, long minTime,
      long maxTime) {}

  record Stat(String name, long value) {}

  /** Each list is the top entries, largest first, as Prometheus shows the top ten. */
  record TsdbStats(
      HeadStats headStats,
      List<Stat> seriesCountByMetricName,
      List<Stat> labelValueCountByLabelName,
      List<Stat> memoryInBytesByLabelName,
      List<Stat> seriesCountByLabelValuePair) {}
}
