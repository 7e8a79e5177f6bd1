package io.bongsu.metrics.storage;

/**
 * The metrics store as every writer (scrape, remote write, rules) and reader (PromQL, HTTP API)
 * sees it. The embedded TSDB is one implementation; an object-store backend would be another.
 */
public interface Storage extends AutoCloseable {
  /** A new appender; its samples become visible and durable together on {@link Appender#commit()}. */
  Appender appender();

  /** A reader of the samples with timestamps in [minTime, maxTime], both in Unix milliseconds. */
  Querier querier(long minTime, long maxTime);

  @Override
  void close();
}
