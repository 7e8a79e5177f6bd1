package io.bongsu.metrics.tsdb;

import java.util.List;

/**
 * What {@code /api/v1/status/tsdb} reports, plus disk and ingest totals.
 *
 * @param numLabelPairs distinct name=value pairs in the head
 * @param headMinTime Long.MAX_VALUE when the head is empty
 * @param headMaxTime Long.MIN_VALUE when the head is empty
 */
public record TsdbStats(long numSeries, long numLabelPairs, long headMinTime, long headMaxTime, long headChunks,
    List<Entry> seriesCountByMetricName, List<Entry> labelValueCountByLabelName,
    List<Entry> memoryInBytesByLabelName, List<Entry> seriesCountByLabelValuePair,
    long blocks, long diskBytes, long samplesAppended, long samplesRejected) {
  public record Entry(String name, long value) {}
}
