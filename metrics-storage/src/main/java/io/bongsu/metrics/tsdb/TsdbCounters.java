package io.bongsu.metrics.tsdb;

/** Running totals of a TSDB, for its own metrics. */
public record TsdbCounters(long numSeries, long headChunks, long blocks, long diskBytes,
    long samplesAppended, long samplesRejected) {}
