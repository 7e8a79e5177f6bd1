package io.bongsu.exposition.write;

/** Metric family types of OpenMetrics 1.0; text format 0.0.4 knows a subset of them. */
public enum MetricType {
  COUNTER("counter", "counter"),
  GAUGE("gauge", "gauge"),
  UNTYPED("untyped", "unknown"),
  HISTOGRAM("histogram", "histogram"),
  GAUGE_HISTOGRAM("untyped", "gaugehistogram"),
  SUMMARY("summary", "summary"),
  INFO("gauge", "info"),
  STATESET("gauge", "stateset");

  private final String textName;
  private final String openMetricsName;

  MetricType(String textName, String openMetricsName) {
    this.textName = textName;
    this.openMetricsName = openMetricsName;
  }

  /** The word after {@code # TYPE} in text format 0.0.4, which has no info, stateset or gauge histogram. */
  public String textName() {
    return textName;
  }

  /** The word after {@code # TYPE} in OpenMetrics 1.0. */
  public String openMetricsName() {
    return openMetricsName;
  }
}
